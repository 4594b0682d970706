using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// Writes an <see cref="ElementNode"/> tree as FHIR JSON: <c>resourceType</c> first, then elements in definition
/// order; primitives as <c>name</c> plus <c>_name</c> for their id/extensions (arrays aligned with nulls); arrays
/// exactly where the definition repeats; numbers and booleans from the node's text, unchanged (decimal precision
/// kept). Thread-safe.
/// </summary>
/// <remarks>
/// Non-ASCII characters are written as UTF-8, not \u escapes (FHIR JSON is UTF-8 and people read it).
/// Trees that no valid document could produce (two values for a single element, a number that is not a JSON
/// number, a child that is not an element of its parent) throw <see cref="InvalidOperationException"/>: they are
/// programming errors, not client errors.
/// </remarks>
public sealed class FhirJsonSerializer
{
    private static readonly JsonEncodedText ResourceTypeName = JsonEncodedText.Encode("resourceType");

    private readonly FhirDefinitions _definitions;
    private readonly JsonWriterOptions _writerOptions;

    public FhirJsonSerializer(FhirDefinitions definitions, FhirJsonSerializerOptions? options = null)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        Options = options ?? FhirJsonSerializerOptions.Default;
        _writerOptions = new JsonWriterOptions
        {
            Indented = Options.Indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
            MaxDepth = 1000,
        };
    }

    public FhirJsonSerializerOptions Options { get; }

    public byte[] SerializeToUtf8Bytes(ElementNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Serialize(node, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public string Serialize(ElementNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Serialize(node, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Serialize(ElementNode node, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, _writerOptions);
        WriteTo(writer, node);
    }

    public void Serialize(ElementNode node, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, _writerOptions);
        WriteTo(writer, node);
    }

    /// <summary>Writes to a stream without synchronous I/O (ASP.NET Core response bodies refuse it).</summary>
    public async Task SerializeAsync(ElementNode node, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new Utf8JsonWriter(output, _writerOptions);
        await using (writer.ConfigureAwait(false))
        {
            // The writer buffers everything until flushed, so the tree walk itself never touches the stream.
            Write(writer, node);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the node as one JSON value (an object) to a writer the caller owns, e.g. inside a Bundle being assembled.</summary>
    public void WriteTo(Utf8JsonWriter writer, ElementNode node)
    {
        Write(writer, node);
        writer.Flush();
    }

    private void Write(Utf8JsonWriter writer, ElementNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        if (_definitions.FindType(node.InstanceType) is { Kind: TypeKind.PrimitiveType })
        {
            throw new InvalidOperationException($"{node.Location} is a primitive ({node.InstanceType}); only resources and complex values are JSON objects.");
        }

        new Session(_definitions, writer).WriteObject(node, 0);
    }

    /// <summary>The state of one write: the reusable grouping lists.</summary>
    private sealed class Session(FhirDefinitions definitions, Utf8JsonWriter writer)
    {
        private readonly NodeChildGrouper _grouper = new(definitions);

        public void WriteObject(ElementNode node, int depth)
        {
            writer.WriteStartObject();
            if (node.IsResource)
            {
                writer.WriteString(ResourceTypeName, node.InstanceType);
            }

            WriteProperties(node, depth);
            writer.WriteEndObject();
        }

        private void WriteProperties(ElementNode node, int depth)
        {
            var (ordered, groups) = _grouper.Group(node, depth);
            foreach (var group in groups)
            {
                if (group.IsPrimitive)
                {
                    WritePrimitiveGroup(ordered, group, depth);
                    continue;
                }

                if (group.Element.IsCollection)
                {
                    writer.WriteStartArray(group.Name.Encoded);
                    for (var i = group.Start; i < group.Start + group.Count; i++)
                    {
                        WriteObject(ordered[i], depth + 1);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    writer.WritePropertyName(group.Name.Encoded);
                    WriteObject(ordered[group.Start], depth + 1);
                }
            }
        }

        private void WritePrimitiveGroup(List<ElementNode> ordered, PropertyGroup group, int depth)
        {
            var anyValue = false;
            var anyExtras = false;
            for (var i = group.Start; i < group.Start + group.Count; i++)
            {
                anyValue |= ordered[i].HasValue;
                anyExtras |= ordered[i].Children.Count > 0;
            }

            var type = group.Type!;
            if (!group.Element.IsCollection)
            {
                var item = ordered[group.Start];
                if (item.HasValue)
                {
                    writer.WritePropertyName(group.Name.Encoded);
                    WritePrimitiveValue(item, type);
                }

                if (anyExtras)
                {
                    writer.WritePropertyName(group.Name.EncodedUnderscore);
                    WriteExtras(item, depth + 1);
                }

                return;
            }

            if (anyValue)
            {
                writer.WriteStartArray(group.Name.Encoded);
                for (var i = group.Start; i < group.Start + group.Count; i++)
                {
                    if (ordered[i].HasValue)
                    {
                        WritePrimitiveValue(ordered[i], type);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
            }

            if (anyExtras)
            {
                writer.WriteStartArray(group.Name.EncodedUnderscore);
                for (var i = group.Start; i < group.Start + group.Count; i++)
                {
                    if (ordered[i].Children.Count > 0)
                    {
                        WriteExtras(ordered[i], depth + 1);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
            }
        }

        private void WriteExtras(ElementNode primitive, int depth)
        {
            writer.WriteStartObject();
            WriteProperties(primitive, depth);
            writer.WriteEndObject();
        }

        private void WritePrimitiveValue(ElementNode node, TypeDefinition type)
        {
            var text = node.Text!;
            switch (type.JsonType)
            {
                case PrimitiveJsonType.Number:
                    if (!JsonNumberText.IsValid(text))
                    {
                        throw new InvalidOperationException($"{node.Location} ({type.Name}) has the text '{text}', which is not a JSON number.");
                    }

                    writer.WriteRawValue(text, skipInputValidation: true);
                    break;
                case PrimitiveJsonType.Boolean:
                    writer.WriteBooleanValue(text switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new InvalidOperationException($"{node.Location} (boolean) has the text '{text}', which is not true or false."),
                    });
                    break;
                default:
                    writer.WriteStringValue(text);
                    break;
            }
        }
    }
}
