using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>Small null-tolerant readers for conformance-resource JSON.</summary>
internal static class JsonElementExtensions
{
    public static string? GetStringOrNull(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool GetBooleanOr(this JsonElement element, string property, bool fallback) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : fallback;

    public static int? GetInt32OrNull(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    public static JsonElement GetObjectOrDefault(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;

    public static JsonElement.ArrayEnumerator GetArrayOrEmpty(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : default;

    public static List<string> GetStrings(this JsonElement element, string property)
    {
        var result = new List<string>();
        foreach (var item in element.GetArrayOrEmpty(property))
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
        }

        return result;
    }

    /// <summary>The resources of a Bundle (entry.resource), or the element itself when it is not a Bundle.</summary>
    public static IEnumerable<JsonElement> ResourcesOfBundleOrSelf(this JsonElement root)
    {
        if (root.GetStringOrNull("resourceType") != "Bundle")
        {
            yield return root;
            yield break;
        }

        foreach (var entry in root.GetArrayOrEmpty("entry"))
        {
            var resource = entry.GetObjectOrDefault("resource");
            if (resource.ValueKind == JsonValueKind.Object)
            {
                yield return resource;
            }
        }
    }
}
