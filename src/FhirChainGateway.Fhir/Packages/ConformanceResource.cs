using System.Text.Json;

namespace FhirChainGateway.Fhir.Packages;

/// <summary>
/// One resource loaded from a file or package: a conformance resource (StructureDefinition, ValueSet, CodeSystem,
/// Questionnaire, ...) or an instance kept for reference resolution. <see cref="Json"/> stays valid for the set's lifetime.
/// </summary>
public sealed class ConformanceResource
{
    public required string ResourceType { get; init; }

    /// <summary>The canonical URL (null for resources without one).</summary>
    public string? Url { get; init; }

    public string? Version { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public required JsonElement Json { get; init; }

    /// <summary>Where it came from: a file path, or <c>package#version/file</c>.</summary>
    public required string Source { get; init; }

    public override string ToString() => Url is null ? $"{ResourceType}/{Id}" : Version is null ? Url : $"{Url}|{Version}";
}
