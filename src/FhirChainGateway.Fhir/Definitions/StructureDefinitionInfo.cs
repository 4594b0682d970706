namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// Summary of any StructureDefinition the registry knows: core types (with their <see cref="TypeDefinition"/>),
/// core constraint profiles, extension definitions, and our own profiles. Snapshot generation and full profile
/// models are a later concern: local profiles keep their raw JSON in <see cref="SourceJson"/> for that.
/// </summary>
public sealed class StructureDefinitionInfo
{
    public required string Url { get; init; }

    public string? Version { get; init; }

    public required string Name { get; init; }

    /// <summary>The type defined or constrained (StructureDefinition.type), e.g. <c>Patient</c> or <c>Extension</c>.</summary>
    public required string Type { get; init; }

    public required TypeKind Kind { get; init; }

    public bool IsAbstract { get; init; }

    public StructureDerivation Derivation { get; init; }

    public string? BaseDefinition { get; init; }

    public bool HasSnapshot { get; init; }

    public DefinitionOrigin Origin { get; init; }

    /// <summary>The type model, for core specializations; null for constraints and local definitions.</summary>
    public TypeDefinition? TypeDefinition { get; init; }

    /// <summary>For extension definitions: where the extension may be used.</summary>
    public IReadOnlyList<ExtensionContextInfo> Contexts { get; init; } = [];

    /// <summary>For simple extension definitions: the allowed types of <c>Extension.value[x]</c> (empty for complex extensions).</summary>
    public IReadOnlyList<string> ExtensionValueTypes { get; init; } = [];

    /// <summary>The StructureDefinition as read, for local definitions only (snapshot generation reads the differential from it).</summary>
    public string? SourceJson { get; init; }

    public override string ToString() => Url;
}
