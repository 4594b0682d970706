using System.Text.Json;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>Null-tolerant JSON readers for profile values.</summary>
internal static class JsonHelpers
{
    public static JsonElement? GetPropertyOrNull(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;
}
