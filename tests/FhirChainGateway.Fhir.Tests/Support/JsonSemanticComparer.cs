using System.Text.Json;

namespace FhirChainGateway.Fhir.Tests.Support;

/// <summary>
/// Deep JSON equality for round-trip checks: object property order is ignored, array order is not, numbers are
/// compared by their lexical text (so 1.50 and 1.5 differ), and <c>fhir_comments</c> on the expected side is ignored.
/// </summary>
public static class JsonSemanticComparer
{
    /// <summary>Null when equal; otherwise the JSON path of the first difference and what differs.</summary>
    public static string? FirstDifference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in expected.EnumerateObject())
                {
                    if (property.Name != "fhir_comments")
                    {
                        expectedProperties[property.Name] = property.Value;
                    }
                }

                var actualProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in actual.EnumerateObject())
                {
                    if (!actualProperties.TryAdd(property.Name, property.Value))
                    {
                        return $"{path}.{property.Name}: duplicate property in output";
                    }
                }

                foreach (var (name, value) in expectedProperties)
                {
                    if (!actualProperties.TryGetValue(name, out var actualValue))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (FirstDifference(value, actualValue, $"{path}.{name}") is { } difference)
                    {
                        return difference;
                    }
                }

                foreach (var name in actualProperties.Keys)
                {
                    if (!expectedProperties.ContainsKey(name))
                    {
                        return $"{path}.{name}: unexpected";
                    }
                }

                return null;
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                if (expectedItems.Count != actualItems.Count)
                {
                    return $"{path}: expected {expectedItems.Count} items, got {actualItems.Count}";
                }

                for (var i = 0; i < expectedItems.Count; i++)
                {
                    if (FirstDifference(expectedItems[i], actualItems[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"";
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        }
    }

    public static string? FirstDifference(ReadOnlySpan<byte> expectedJson, ReadOnlySpan<byte> actualJson)
    {
        var expectedReader = new Utf8JsonReader(expectedJson);
        var actualReader = new Utf8JsonReader(actualJson);
        using var expected = JsonDocument.ParseValue(ref expectedReader);
        using var actual = JsonDocument.ParseValue(ref actualReader);
        return FirstDifference(expected.RootElement, actual.RootElement);
    }
}
