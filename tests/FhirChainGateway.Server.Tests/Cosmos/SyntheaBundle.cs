using System.Text.Json;
using System.Text.Json.Nodes;
using FhirChainGateway.Server.Tests.Distributed;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// What a Synthea patient transaction Bundle will create, known without the ids the gateway assigns: the
/// Patient's Synthea identifier and the number of resources of each type.
/// </summary>
public sealed record SyntheaBundle(string File, string PatientIdentifier, IReadOnlyDictionary<string, int> ResourceCounts)
{
    /// <summary>The identifier system Synthea gives every Patient (value: the Synthea UUID).</summary>
    public const string SyntheaIdentifierSystem = "https://github.com/synthetichealth/synthea";

    public int EntryCount => ResourceCounts.Values.Sum();

    public static SyntheaBundle Read(string file)
    {
        using var bundle = JsonDocument.Parse(System.IO.File.ReadAllBytes(file));
        var resources = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var patient = resources.Single(r => r.GetProperty("resourceType").GetString() == "Patient");
        var identifier = patient.GetProperty("identifier").EnumerateArray()
            .First(i => i.TryGetProperty("system", out var system) && system.GetString() == SyntheaIdentifierSystem)
            .GetProperty("value").GetString()!;
        var counts = resources.GroupBy(r => r.GetProperty("resourceType").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        return new SyntheaBundle(file, identifier, counts);
    }

    /// <summary>The patient transaction Bundles of the corpus, largest first.</summary>
    public static IReadOnlyList<SyntheaBundle> PatientBundles() =>
        SyntheaFiles.LoadOrder().Skip(2).Select(Read).OrderByDescending(b => b.EntryCount).ToList();

    /// <summary>
    /// A batch Bundle with only the entries of the corpus's two batch Bundles (organizations, practitioners,
    /// locations; conditional creates) that <paramref name="patients"/> refer to by conditional reference:
    /// what those transactions need to resolve, without the ~4,800 other interactions of the full batches.
    /// </summary>
    public static string PreludeFor(IEnumerable<SyntheaBundle> patients)
    {
        var texts = patients.Select(p => System.IO.File.ReadAllText(p.File)).ToList();
        var needed = new JsonArray();
        foreach (var batchFile in SyntheaFiles.LoadOrder().Take(2))
        {
            var batch = JsonNode.Parse(System.IO.File.ReadAllBytes(batchFile))!;
            foreach (var entry in batch["entry"]!.AsArray())
            {
                var request = entry!["request"]!;
                var condition = request["ifNoneExist"]?.GetValue<string>();
                if (condition is not null && texts.Any(t => t.Contains($"\"{request["url"]!.GetValue<string>()}?{condition}\"", StringComparison.Ordinal)))
                {
                    needed.Add(entry.DeepClone());
                }
            }
        }

        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "batch", ["entry"] = needed }.ToJsonString();
    }
}

/// <summary>Reading the <c>Location</c> of a write response (<c>[base/]Type/id/_history/version</c>).</summary>
public static class FhirLocation
{
    /// <summary><c>Type/id</c>: the resource's current version, whatever base URL the location carries.</summary>
    public static string TypeAndId(string location)
    {
        var parts = location.Split('/');
        var history = Array.IndexOf(parts, "_history");
        var end = history < 0 ? parts.Length : history;
        end.ShouldBeGreaterThanOrEqualTo(2, location);
        return parts[end - 2] + "/" + parts[end - 1];
    }

    /// <summary>The version the location names (<c>.../_history/3</c> is 3).</summary>
    public static long Version(string location)
    {
        var parts = location.Split('/');
        var history = Array.IndexOf(parts, "_history");
        history.ShouldBeGreaterThan(0, location);
        return long.Parse(parts[history + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
