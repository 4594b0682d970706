using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Server.Interactions;

/// <summary>Finds the current resources a conditional query matches (conditional create, update, delete, reference).</summary>
public sealed class ConditionalResolver(IResourceStore store)
{
    /// <summary>At most <paramref name="limit"/> matches: callers only need to tell none, one and several apart.</summary>
    public async Task<IReadOnlyList<ResourceVersion>> FindAsync(string resourceType, string query, string context, int limit, CancellationToken cancellationToken)
    {
        var expression = ConditionalQuery.Parse(query, context);
        var page = await store.SearchAsync(new SearchQuery(resourceType, expression, limit, null), cancellationToken);
        return page.Resources;
    }
}
