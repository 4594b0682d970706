using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// The canonical form every hash in the system is computed over: FHIR's <c>json#static</c> canonicalization, i.e.
/// RFC 8785 (JCS: keys sorted by UTF-16 code units, no whitespace, JCS string escaping, numbers in ECMAScript
/// shortest form) applied to the resource with its root <c>text</c> and <c>meta</c> removed (those of contained
/// or Bundle-entry resources stay: they are content). Thread-safe.
/// </summary>
/// <remarks>
/// Following RFC 8785, numbers are canonicalized as IEEE 754 doubles: <c>1.50</c> and <c>1.5</c> hash the same,
/// and a decimal beyond double range has no canonical form (the validator rejects such decimals first).
/// The tree and byte overloads give identical bytes for the same resource.
/// </remarks>
public sealed class FhirCanonicalJson
{
    /// <summary>The canonicalization method URI to record in Signature/Provenance.</summary>
    public const string Method = "http://hl7.org/fhir/canonicalization/json#static";

    private static readonly string[] RemovedRootElements = ["text", "meta"];

    private readonly FhirDefinitions _definitions;

    public FhirCanonicalJson(FhirDefinitions definitions)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
    }

    /// <summary>Canonical UTF-8 bytes of a resource tree.</summary>
    /// <exception cref="FhirException">400 when a value has no canonical form (a number beyond double range, a lone surrogate).</exception>
    public byte[] Canonicalize(ElementNode resource)
    {
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        Canonicalize(resource, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public void Canonicalize(ElementNode resource, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(output);
        new TreeSession(_definitions, new JcsWriter(output)).WriteObject(resource, 0, isRoot: true);
    }

    /// <summary>Canonical bytes of a FHIR resource given as JSON (not validated as FHIR; root text and meta removed).</summary>
    /// <exception cref="FhirException">400 when the input is not JSON, has duplicate keys, or holds a value with no canonical form.</exception>
    public byte[] Canonicalize(ReadOnlySpan<byte> fhirJson) => CanonicalizeBytes(fhirJson, RemovedRootElements);

    /// <summary>Lowercase hex SHA-256 of <see cref="Canonicalize(ElementNode)"/>.</summary>
    public string Sha256Hex(ElementNode resource)
    {
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        Canonicalize(resource, buffer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Lowercase hex SHA-256 of <see cref="Canonicalize(ReadOnlySpan{byte})"/>.</summary>
    public string Sha256Hex(ReadOnlySpan<byte> fhirJson) => Convert.ToHexStringLower(SHA256.HashData(Canonicalize(fhirJson)));

    /// <summary>Plain RFC 8785 canonicalization of any JSON value, nothing removed.</summary>
    public static byte[] Rfc8785(ReadOnlySpan<byte> json) => CanonicalizeBytes(json, []);

    private static byte[] CanonicalizeBytes(ReadOnlySpan<byte> json, string[] removedAtRoot)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw FhirException.BadRequest("The body is not valid JSON: " + e.Message);
        }

        using (document)
        {
            var buffer = new ArrayBufferWriter<byte>(Math.Max(256, json.Length));
            try
            {
                WriteElement(new JcsWriter(buffer), document.RootElement, removedAtRoot);
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
                throw FhirException.BadRequest(e.Message, code: "value");
            }

            return buffer.WrittenSpan.ToArray();
        }
    }

    private static void WriteElement(JcsWriter writer, JsonElement element, string[] removed)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<(string Name, JsonElement Value)>();
                foreach (var property in element.EnumerateObject())
                {
                    if (Array.IndexOf(removed, property.Name) < 0)
                    {
                        properties.Add((property.Name, property.Value));
                    }
                }

                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.Raw((byte)'{');
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(properties[i].Name, properties[i - 1].Name, StringComparison.Ordinal))
                        {
                            throw new InvalidDataException($"Duplicate property '{properties[i].Name}': JSON with duplicate keys has no canonical form.");
                        }

                        writer.Raw((byte)',');
                    }

                    writer.String(properties[i].Name);
                    writer.Raw((byte)':');
                    WriteElement(writer, properties[i].Value, []);
                }

                writer.Raw((byte)'}');
                break;
            case JsonValueKind.Array:
                writer.Raw((byte)'[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        writer.Raw((byte)',');
                    }

                    first = false;
                    WriteElement(writer, item, []);
                }

                writer.Raw((byte)']');
                break;
            case JsonValueKind.String:
                writer.String(element.GetString()!);
                break;
            case JsonValueKind.Number:
                writer.Number(element.GetRawText());
                break;
            case JsonValueKind.True:
                writer.Raw("true"u8);
                break;
            case JsonValueKind.False:
                writer.Raw("false"u8);
                break;
            default:
                writer.Raw("null"u8);
                break;
        }
    }

    private enum EntryKind
    {
        ResourceType,
        Values,
        Extras,
        Objects,
    }

    private readonly record struct Entry(string Key, int Group, EntryKind Kind);

    /// <summary>The state of one canonicalization: grouping and entry lists reused per depth.</summary>
    private sealed class TreeSession(FhirDefinitions definitions, JcsWriter writer)
    {
        private static readonly Comparison<Entry> ByKey = static (a, b) => string.CompareOrdinal(a.Key, b.Key);

        private readonly NodeChildGrouper _grouper = new(definitions);
        private readonly List<List<Entry>> _entries = [];

        public void WriteObject(ElementNode node, int depth, bool isRoot)
        {
            var (ordered, groups) = _grouper.Group(node, depth);
            while (_entries.Count <= depth)
            {
                _entries.Add([]);
            }

            var entries = _entries[depth];
            entries.Clear();
            if (node.IsResource)
            {
                entries.Add(new Entry("resourceType", -1, EntryKind.ResourceType));
            }

            for (var g = 0; g < groups.Count; g++)
            {
                var group = groups[g];
                if (isRoot && node.IsResource && Array.IndexOf(RemovedRootElements, group.Element.Name) >= 0)
                {
                    continue;
                }

                if (!group.IsPrimitive)
                {
                    entries.Add(new Entry(group.Name.Name, g, EntryKind.Objects));
                    continue;
                }

                var anyValue = false;
                var anyExtras = false;
                for (var i = group.Start; i < group.Start + group.Count; i++)
                {
                    anyValue |= ordered[i].HasValue;
                    anyExtras |= ordered[i].Children.Count > 0;
                }

                if (anyValue)
                {
                    entries.Add(new Entry(group.Name.Name, g, EntryKind.Values));
                }

                if (anyExtras)
                {
                    entries.Add(new Entry(group.Name.UnderscoreName, g, EntryKind.Extras));
                }
            }

            entries.Sort(ByKey);
            writer.Raw((byte)'{');
            for (var e = 0; e < entries.Count; e++)
            {
                if (e > 0)
                {
                    writer.Raw((byte)',');
                }

                var entry = entries[e];
                writer.String(entry.Key);
                writer.Raw((byte)':');
                if (entry.Kind == EntryKind.ResourceType)
                {
                    writer.String(node.InstanceType);
                    continue;
                }

                WriteEntry(ordered, groups[entry.Group], entry.Kind, depth);
            }

            writer.Raw((byte)'}');
        }

        private void WriteEntry(List<ElementNode> ordered, PropertyGroup group, EntryKind kind, int depth)
        {
            var isArray = group.Element.IsCollection;
            if (isArray)
            {
                writer.Raw((byte)'[');
            }

            for (var i = group.Start; i < group.Start + group.Count; i++)
            {
                if (i > group.Start)
                {
                    writer.Raw((byte)',');
                }

                var item = ordered[i];
                switch (kind)
                {
                    case EntryKind.Values when item.HasValue:
                        WritePrimitiveValue(item, group.Type!);
                        break;
                    case EntryKind.Extras when item.Children.Count > 0:
                    case EntryKind.Objects:
                        WriteObject(item, depth + 1, isRoot: false);
                        break;
                    default:
                        writer.Raw("null"u8);
                        break;
                }
            }

            if (isArray)
            {
                writer.Raw((byte)']');
            }
        }

        private void WritePrimitiveValue(ElementNode node, TypeDefinition type)
        {
            var text = node.Text!;
            try
            {
                switch (type.JsonType)
                {
                    case PrimitiveJsonType.Number:
                        if (!JsonNumberText.IsValid(text))
                        {
                            throw new InvalidDataException($"'{text}' is not a JSON number.");
                        }

                        writer.Number(text);
                        break;
                    case PrimitiveJsonType.Boolean:
                        writer.Raw(text switch
                        {
                            "true" => "true"u8,
                            "false" => "false"u8,
                            _ => throw new InvalidDataException($"'{text}' is not true or false."),
                        });
                        break;
                    default:
                        writer.String(text);
                        break;
                }
            }
            catch (InvalidDataException e)
            {
                throw FhirException.BadRequest($"{node.Location}: {e.Message}", node.Location, "value");
            }
        }
    }
}
