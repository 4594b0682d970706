using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// Our own conformance resources from the profiles folder (<c>*.json</c>, single resources or Bundles). They are
/// few and small, so they are read on every load rather than cached; StructureDefinitions may be differential-only.
/// </summary>
internal sealed class LocalConformanceResources
{
    private LocalConformanceResources(
        IReadOnlyList<StructureDefinitionInfo> structures,
        IReadOnlyList<JsonElement> searchParameters,
        IReadOnlyList<JsonElement> terminology)
    {
        Structures = structures;
        SearchParameters = searchParameters;
        Terminology = terminology;
    }

    public static LocalConformanceResources Empty { get; } = new([], [], []);

    public IReadOnlyList<StructureDefinitionInfo> Structures { get; }

    public IReadOnlyList<JsonElement> SearchParameters { get; }

    /// <summary>ValueSets and CodeSystems.</summary>
    public IReadOnlyList<JsonElement> Terminology { get; }

    public static LocalConformanceResources Read(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return Empty;
        }

        var structures = new List<StructureDefinitionInfo>();
        var searchParameters = new List<JsonElement>();
        var terminology = new List<JsonElement>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(File.ReadAllBytes(file));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Conformance resource file '{file}' is not valid JSON: {e.Message}", e);
            }

            // The documents stay alive with the registry: the JsonElements handed out point into them.
            foreach (var resource in document.RootElement.ResourcesOfBundleOrSelf())
            {
                switch (resource.GetStringOrNull("resourceType"))
                {
                    case "StructureDefinition":
                        structures.Add(StructureDefinitionReader.ReadSummary(resource, DefinitionOrigin.Local, type: null, resource.GetRawText()));
                        break;
                    case "SearchParameter":
                        searchParameters.Add(resource);
                        break;
                    case "ValueSet" or "CodeSystem":
                        terminology.Add(resource);
                        break;
                }
            }
        }

        return new LocalConformanceResources(structures, searchParameters, terminology);
    }
}
