using System.Globalization;
using System.Text;
using System.Text.Json;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Values;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// Writes a FHIRPath result as JSON: an array with one object per item, giving its qualified type, its value and,
/// for elements, its location. Primitives are written as JSON values (decimals keep their written precision),
/// complex elements as their FHIR JSON when a serializer is supplied, dates and times in FHIRPath form.
/// </summary>
/// <example><c>[{"type":"FHIR.string","value":"Peter","location":"Patient.name[0].given[0]"},{"type":"System.Integer","value":5}]</c></example>
public sealed class FhirPathResultWriter
{
    private readonly FhirJsonSerializer? _serializer;

    /// <param name="serializer">Writes complex elements as FHIR JSON; without one they are written as their location only.</param>
    public FhirPathResultWriter(FhirJsonSerializer? serializer = null) => _serializer = serializer;

    public string Write(IReadOnlyList<FhirPathValue> result, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, result);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public void Write(Utf8JsonWriter writer, IReadOnlyList<FhirPathValue> result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartArray();
        foreach (var item in result)
        {
            writer.WriteStartObject();
            writer.WriteString("type", $"{item.TypeNamespace}.{item.TypeName}");
            writer.WritePropertyName("value");
            WriteValue(writer, item);
            if (item.Node is { } node)
            {
                writer.WriteString("location", node.Location);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
    }

    private void WriteValue(Utf8JsonWriter writer, FhirPathValue item)
    {
        if (item.Node is { } node && SystemTypes.SystemTypeOf(node.InstanceType) is null or SystemTypes.Quantity)
        {
            WriteComplex(writer, node);
            return;
        }

        switch (Primitives.ToSystem(item))
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal d:
                // Raw, so 1.50 stays 1.50 (the precision is part of a FHIR decimal's meaning).
                writer.WriteRawValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case FhirPathQuantity q:
                writer.WriteStartObject();
                writer.WritePropertyName("value");
                writer.WriteRawValue(q.Value.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("unit", q.Unit);
                writer.WriteEndObject();
                break;
            case FhirPathTypeInfo t:
                writer.WriteStartObject();
                writer.WriteString("namespace", t.Namespace);
                writer.WriteString("name", t.Name);
                writer.WriteEndObject();
                break;
            case var other:
                writer.WriteStringValue(other.ToString());
                break;
        }
    }

    private void WriteComplex(Utf8JsonWriter writer, ElementNode node)
    {
        if (_serializer is null)
        {
            writer.WriteStringValue(node.Location);
            return;
        }

        _serializer.WriteTo(writer, node);
    }
}
