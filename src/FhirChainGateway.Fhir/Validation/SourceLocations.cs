using System.Text;
using System.Text.Json;
using System.Xml;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Adds the source line and column to validation issues: the document is read once more, recording where each
/// element starts under its FHIRPath location (<c>Patient.name[0].given[1]</c>, choices under their element name
/// <c>Observation.value</c>), and each issue gets the position of its location, or of the nearest ancestor that is in
/// the document (a missing required element is reported where its parent starts).
/// </summary>
public static class SourceLocations
{
    /// <summary>Issues with line/column from FHIR JSON (positions are 1-based, columns count characters).</summary>
    public static IReadOnlyList<OperationOutcomeIssue> AttachJson(IReadOnlyList<OperationOutcomeIssue> issues, ReadOnlySpan<byte> utf8Json, FhirDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(definitions);
        if (issues.Count == 0 || issues.All(i => i.Location is null || i.Line is not null))
        {
            return issues;
        }

        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 512 });
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var root = RootType(reader) ?? string.Empty;
                offsets[root] = reader.TokenStartIndex;
                WalkObject(ref reader, root, offsets, definitions);
            }
        }
        catch (JsonException)
        {
            // Positions are a convenience: a document the reader cannot walk gets none.
        }

        var sorted = offsets.Values.Distinct().Order().ToList();
        var positions = TextPositions.LinesAndColumns(utf8Json, sorted);
        return Attach(issues, location => offsets.TryGetValue(location, out var offset) ? positions[offset] : null);
    }

    /// <summary>Issues with line/column from FHIR XML.</summary>
    public static IReadOnlyList<OperationOutcomeIssue> AttachXml(IReadOnlyList<OperationOutcomeIssue> issues, string xml, FhirDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(definitions);
        if (issues.Count == 0)
        {
            return issues;
        }

        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        try
        {
            WalkXml(xml, positions, definitions);
        }
        catch (XmlException)
        {
            // As for JSON: no positions for a document that cannot be read.
        }

        return Attach(issues, location => positions.TryGetValue(location, out var position) ? position : null);
    }

    private static IReadOnlyList<OperationOutcomeIssue> Attach(IReadOnlyList<OperationOutcomeIssue> issues, Func<string, (int Line, int Column)?> find)
    {
        var result = new List<OperationOutcomeIssue>(issues.Count);
        foreach (var issue in issues)
        {
            if (issue.Location is not { } location || issue.Line is not null)
            {
                result.Add(issue);
                continue;
            }

            (int Line, int Column)? position = null;
            for (var current = location; current.Length > 0 && position is null; current = Parent(current))
            {
                position = find(current);
            }

            result.Add(position is { } p ? issue with { Line = p.Line, Column = p.Column } : issue);
        }

        return result;
    }

    private static string Parent(string location)
    {
        if (location.EndsWith(']'))
        {
            var bracket = location.LastIndexOf('[');
            return bracket > 0 ? location[..bracket] : string.Empty;
        }

        var dot = location.LastIndexOf('.');
        return dot > 0 ? location[..dot] : string.Empty;
    }

    private static string? RootType(Utf8JsonReader lookahead)
    {
        var depth = lookahead.CurrentDepth;
        while (lookahead.Read())
        {
            if (lookahead.TokenType == JsonTokenType.EndObject && lookahead.CurrentDepth == depth)
            {
                return null;
            }

            if (lookahead.TokenType == JsonTokenType.PropertyName && lookahead.CurrentDepth == depth + 1 && lookahead.ValueTextEquals("resourceType"u8))
            {
                lookahead.Read();
                return lookahead.TokenType == JsonTokenType.String ? lookahead.GetString() : null;
            }

            if (lookahead.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && lookahead.CurrentDepth > depth)
            {
                lookahead.Skip();
            }
        }

        return null;
    }

    /// <summary>Reads an object's properties (the reader is on its StartObject), recording element positions.</summary>
    private static void WalkObject(ref Utf8JsonReader reader, string location, Dictionary<string, long> offsets, FhirDefinitions definitions)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var name = reader.GetString()!;
            var propertyOffset = reader.TokenStartIndex;
            reader.Read();
            if (name == "resourceType")
            {
                continue;
            }

            var element = ElementName(name.TrimStart('_'), definitions);
            var path = location + "." + element;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var arrayDepth = reader.CurrentDepth;
                var index = 0;
                while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == arrayDepth))
                {
                    var itemPath = path + "[" + index++ + "]";
                    offsets.TryAdd(itemPath, reader.TokenStartIndex);
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        WalkObject(ref reader, itemPath, offsets, definitions);
                    }
                    else if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                offsets.TryAdd(path, propertyOffset);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    WalkObject(ref reader, path, offsets, definitions);
                }
            }
        }
    }

    /// <summary>The element name a JSON or XML name stands for: <c>valueQuantity</c> is the choice element <c>value</c>.</summary>
    private static string ElementName(string name, FhirDefinitions definitions)
    {
        for (var i = 1; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]))
            {
                var suffix = name[i..];
                var type = definitions.FindType(suffix) ?? definitions.FindType(char.ToLowerInvariant(suffix[0]) + suffix[1..]);
                if (type is not null && !type.IsResource)
                {
                    return name[..i];
                }

                break;
            }
        }

        return name;
    }

    /// <summary>
    /// Walks FHIR XML alongside the definitions: XML does not mark repeating elements, so whether a location carries an
    /// index (<c>name[0]</c>) comes from the element's definition, as in <c>ElementNode.Location</c>.
    /// </summary>
    private static void WalkXml(string xml, Dictionary<string, (int, int)> positions, FhirDefinitions definitions)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var info = (IXmlLineInfo)reader;
        var stack = new Stack<XmlLevel>();
        var advance = true;
        while (!advance || reader.Read())
        {
            advance = true;
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (stack.Count > 0 && reader.NamespaceURI == "http://hl7.org/fhir")
                {
                    stack.Pop();
                }

                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.NamespaceURI != "http://hl7.org/fhir")
            {
                // The narrative: recorded as the div element, its XHTML content skipped.
                if (stack.Count > 0 && reader.LocalName == "div")
                {
                    positions.TryAdd(stack.Peek().Path + ".div", (info.LineNumber, info.LinePosition));
                }

                // Skip leaves the reader on the node after the subtree: do not read past it.
                reader.Skip();
                advance = false;
                continue;
            }

            var name = reader.LocalName;
            var isEmpty = reader.IsEmptyElement;
            XmlLevel level;
            if (stack.Count == 0 || stack.Peek().ExpectsResource)
            {
                // The root, or the resource inside contained/resource/outcome: it takes its container's location.
                var type = definitions.FindType(name);
                level = new XmlLevel(stack.Count == 0 ? name : stack.Peek().Path, type?.Root, name, false);
            }
            else
            {
                var parent = stack.Peek();
                var binding = parent.Definition is null ? null : definitions.FindJsonProperty(parent.Definition, parent.InstanceType, name);
                var element = binding?.Element;
                var elementName = element?.Name ?? ElementName(name, definitions);
                var index = parent.Counts.GetValueOrDefault(elementName);
                parent.Counts[elementName] = index + 1;
                var path = parent.Path + "." + elementName + (element is null || element.IsCollection ? "[" + index + "]" : string.Empty);
                var instanceType = binding?.InstanceType ?? (element?.Types.Count > 0 ? element.Types[0] : "Element");
                var expectsResource = element is not null && element.Types.Any(t => t is "Resource" or "DomainResource");
                level = new XmlLevel(path, element, instanceType, expectsResource);
            }

            positions.TryAdd(level.Path, (info.LineNumber, info.LinePosition));
            if (!isEmpty)
            {
                stack.Push(level);
            }
        }
    }

    private sealed record XmlLevel(string Path, ElementDefinitionInfo? Definition, string InstanceType, bool ExpectsResource)
    {
        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    }
}
