using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// The two containers and their indexing policies. Opt-in indexing: only the fields that queries
/// filter or sort on are indexed, so resource bodies, locks and staged index copies cost no index
/// RU on write. The composite indexes match the ORDER BY clauses the store issues exactly (Cosmos
/// requires that for multi-field ORDER BY, and with the equality-filtered fields first it serves the
/// filter from the same index).
/// </summary>
public static class CosmosSchema
{
    /// <summary>Both containers are partitioned on this path (a string).</summary>
    public const string PartitionKeyPath = "/pk";

    public static ContainerProperties ResourcesContainer(string name)
    {
        var properties = new ContainerProperties(name, PartitionKeyPath)
        {
            IndexingPolicy = OptIn(
                "/pk/?",
                "/kind/?",
                "/t/?",
                "/rid/?",
                "/key/?",
                "/comp/?",
                "/ver/?",
                "/tk/[]/?",
                "/tc/[]/?",
                "/sv/[]/?"),
        };

        // Search: type-level (kind, t, key) and across types, e.g. a compartment (kind, key).
        properties.IndexingPolicy.CompositeIndexes.Add(Composite(("/kind", true), ("/key", true)));
        properties.IndexingPolicy.CompositeIndexes.Add(Composite(("/kind", true), ("/t", true), ("/key", true)));

        // History of one resource, newest first.
        properties.IndexingPolicy.CompositeIndexes.Add(Composite(("/kind", true), ("/t", true), ("/rid", true), ("/ver", false)));
        return properties;
    }

    public static ContainerProperties SystemContainer(string name)
    {
        var properties = new ContainerProperties(name, PartitionKeyPath)
        {
            IndexingPolicy = OptIn("/pk/?", "/kind/?", "/state/?", "/seq/?", "/tx/?"),

            // Time-to-live on, with no default: only documents that set "ttl" (sent outbox messages) expire.
            DefaultTimeToLive = -1,
        };

        // Pending outbox messages in sequence order.
        properties.IndexingPolicy.CompositeIndexes.Add(Composite(("/kind", true), ("/state", true), ("/seq", true)));
        return properties;
    }

    private static IndexingPolicy OptIn(params string[] paths)
    {
        var policy = new IndexingPolicy { Automatic = true, IndexingMode = IndexingMode.Consistent };
        foreach (var path in paths)
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = path });
        }

        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        return policy;
    }

    private static Collection<CompositePath> Composite(params (string Path, bool Ascending)[] paths)
    {
        var composite = new Collection<CompositePath>();
        foreach (var (path, ascending) in paths)
        {
            composite.Add(new CompositePath { Path = path, Order = ascending ? CompositePathSortOrder.Ascending : CompositePathSortOrder.Descending });
        }

        return composite;
    }
}
