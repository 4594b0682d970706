namespace FhirChainGateway.Fhir.Definitions;

/// <summary>The parts of a SearchParameter that indexing and query parsing need.</summary>
public sealed class SearchParameterInfo
{
    public required string Url { get; init; }

    public required string Code { get; init; }

    public required string Name { get; init; }

    public required SearchParamType Type { get; init; }

    /// <summary>FHIRPath expression extracting the values; null for parameters the server implements itself (<c>_content</c>, <c>_query</c>, ...).</summary>
    public string? Expression { get; init; }

    /// <summary>Resource types the parameter applies to (<c>Resource</c> and <c>DomainResource</c> apply to every resource below them).</summary>
    public IReadOnlyList<string> Base { get; init; } = [];

    /// <summary>Resource types a reference parameter may point to.</summary>
    public IReadOnlyList<string> Target { get; init; } = [];

    public IReadOnlyList<SearchParameterComponentInfo> Components { get; init; } = [];

    public IReadOnlyList<string> Modifiers { get; init; } = [];

    public IReadOnlyList<string> Comparators { get; init; } = [];

    public bool MultipleOr { get; init; } = true;

    public bool MultipleAnd { get; init; } = true;

    public DefinitionOrigin Origin { get; init; }

    public override string ToString() => $"{string.Join(",", Base)}.{Code} ({Type})";
}
