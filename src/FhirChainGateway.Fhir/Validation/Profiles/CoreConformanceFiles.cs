using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// The HL7 StructureDefinitions the registry does not keep as JSON: the core constraint profiles (vital signs,
/// SimpleQuantity, ...) and the core extension definitions. Read once, on first use, and kept for the owner's lifetime.
/// The core types themselves come from the registry's type model, so the 35 MB resource bundle is never parsed here.
/// </summary>
internal sealed class CoreConformanceFiles
{
    private static readonly string[] Files = [FhirDefinitionsLoader.TypesFile, "profiles-others.json", FhirDefinitionsLoader.ExtensionsFile];

    private readonly Lazy<Dictionary<string, JsonElement>> _structures;

    public CoreConformanceFiles(string? definitionsDirectory)
    {
        _structures = new Lazy<Dictionary<string, JsonElement>>(() => Load(definitionsDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A core constraint profile or extension definition by URL (<c>|version</c> ignored: core has one version).</summary>
    public JsonElement? Find(string url)
    {
        var bar = url.IndexOf('|', StringComparison.Ordinal);
        var key = bar > 0 ? url[..bar] : url;
        return _structures.Value.TryGetValue(key, out var found) ? found : null;
    }

    private static Dictionary<string, JsonElement> Load(string? directory)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (directory is null)
        {
            return result;
        }

        foreach (var name in Files)
        {
            var file = Path.Combine(directory, name);
            if (!File.Exists(file))
            {
                continue;
            }

            // Kept alive: the JsonElements handed out point into the document.
            var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var resource in document.RootElement.ResourcesOfBundleOrSelf())
            {
                if (resource.GetStringOrNull("resourceType") == "StructureDefinition"
                    && resource.GetStringOrNull("derivation") == "constraint"
                    && resource.GetStringOrNull("url") is { } url)
                {
                    result.TryAdd(url, resource);
                }
            }
        }

        return result;
    }
}
