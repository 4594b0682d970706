using System.Text.Json;

namespace FhirChainGateway.Ledger.Receipts;

/// <summary>Writing and reading the FHIR Bundle and Parameters shapes the evidence documents share.</summary>
internal static class ParametersJson
{
    public static void WriteResourceEntry(Utf8JsonWriter json, string baseUrl, string reference, byte[] resource)
    {
        json.WriteStartObject();
        json.WriteString("fullUrl", $"{baseUrl.TrimEnd('/')}/{reference}");
        json.WritePropertyName("resource");
        json.WriteRawValue(resource);
        json.WriteEndObject();
    }

    public static void WriteString(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("valueString", value);
        json.WriteEndObject();
    }

    public static void WriteBinary(Utf8JsonWriter json, string name, byte[] value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteBase64String("valueBase64Binary", value);
        json.WriteEndObject();
    }

    public static IEnumerable<JsonElement> Parameters(JsonElement owner, string name, string list = "parameter") =>
        owner.TryGetProperty(list, out var items)
            ? items.EnumerateArray().Where(p => p.GetProperty("name").GetString() == name)
            : [];

    public static JsonElement? Parameter(JsonElement owner, string name, string list = "parameter")
    {
        foreach (var parameter in Parameters(owner, name, list))
        {
            return parameter;
        }

        return null;
    }

    public static string StringParameter(JsonElement owner, string name, string list = "parameter") =>
        Parameter(owner, name, list)?.GetProperty("valueString").GetString() ?? throw new FormatException($"The receipt has no '{name}'.");

    public static string? OptionalString(JsonElement owner, string name) =>
        Parameter(owner, name)?.GetProperty("valueString").GetString();

    public static byte[]? OptionalBinary(JsonElement owner, string name) =>
        Parameter(owner, name)?.GetProperty("valueBase64Binary").GetBytesFromBase64();
}
