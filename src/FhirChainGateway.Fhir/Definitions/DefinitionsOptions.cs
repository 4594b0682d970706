namespace FhirChainGateway.Fhir.Definitions;

/// <summary>Where <see cref="FhirDefinitions.Load(DefinitionsOptions)"/> reads the definitions from and caches the compact type model.</summary>
public sealed record DefinitionsOptions
{
    /// <summary>The folder holding the HL7 R4 bundles (<c>profiles-types.json</c>, <c>profiles-resources.json</c>, ...).</summary>
    public required string DefinitionsDirectory { get; init; }

    /// <summary>Our own conformance resources (<c>*.json</c>: StructureDefinitions, SearchParameters, ValueSets, CodeSystems or Bundles of them); null or missing means none.</summary>
    public string? ProfilesDirectory { get; init; }

    /// <summary>Folder for the compact type-model cache; null disables the cache (every load parses the HL7 bundles).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Finds the definitions from the usual places; see <see cref="DefinitionsLocator"/>.</summary>
    public static DefinitionsOptions Locate() => DefinitionsLocator.Locate();
}
