using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// A ValueSet or CodeSystem known to the registry, with its raw JSON. Expansion and code lookups are a later
/// concern; until then callers read <see cref="Json"/> directly (it stays valid for the registry's lifetime).
/// </summary>
public sealed class TerminologyResourceInfo
{
    /// <summary><c>ValueSet</c> or <c>CodeSystem</c>.</summary>
    public required string ResourceType { get; init; }

    public required string Url { get; init; }

    public string? Version { get; init; }

    public string? Name { get; init; }

    public string? Status { get; init; }

    public DefinitionOrigin Origin { get; init; }

    public required JsonElement Json { get; init; }

    public override string ToString() => Version is null ? Url : $"{Url}|{Version}";
}
