using System.Text;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// One parse of one document: a single forward pass of <see cref="Utf8JsonReader"/> that builds the typed tree and
/// collects every error (up to the cap) with its FHIRPath location and byte offset; offsets become line/column at the end.
/// </summary>
internal sealed class FhirJsonParseSession
{
    // FHIR element names are short; a longer property name (certainly unknown) is read as a string instead.
    private const int NameBufferLength = 64;

    private readonly FhirDefinitions _definitions;
    private readonly FhirJsonParserOptions _options;
    private readonly List<PendingIssue> _issues = [];
    private readonly List<PathSegment> _path = [];

    private readonly List<(JsonPropertyBinding Binding, bool Underscore)> _seen = [];
    private readonly List<PrimitiveSlot> _slots = [];

    // Primitives whose value was already reported as wrong: not reported again as "no value".
    private HashSet<ElementNode>? _reportedPrimitives;

    public FhirJsonParseSession(FhirDefinitions definitions, FhirJsonParserOptions options)
    {
        _definitions = definitions;
        _options = options;
    }

    public ElementNode Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        ElementNode? root = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            // One level of slack: our own depth check reports first, with a location.
            MaxDepth = _options.MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        try
        {
            if (!reader.Read())
            {
                AddIssue("invalid", "The body is empty: expected a JSON object with a resourceType.", null, 0);
            }
            else if (reader.TokenType != JsonTokenType.StartObject)
            {
                AddIssue("structure", $"The body must be a JSON object with a resourceType, not {Describe(reader.TokenType)}.", null, reader.TokenStartIndex);
            }
            else
            {
                root = ParseResource(ref reader, container: null, nodeName: null);
                while (reader.Read())
                {
                    // A complete document has nothing after the root object: the reader throws on any token.
                }
            }
        }
        catch (JsonException e)
        {
            AddSyntaxIssue(json, e);
        }
        catch (StopParsingException)
        {
            // The cap or a fatal limit was hit; the issues say why.
        }

        if (_issues.Count > 0 || root is null)
        {
            throw new FhirException(400, ResolveIssues(json));
        }

        return root;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Expected(PrimitiveJsonType type) => type switch
    {
        PrimitiveJsonType.Number => "a JSON number",
        PrimitiveJsonType.Boolean => "a JSON boolean (true/false)",
        _ => "a JSON string",
    };

    private static string? ReadResourceType(Utf8JsonReader lookahead, out bool present)
    {
        // A copy of the reader: scanning ahead for resourceType (it need not come first) leaves the caller's position alone.
        present = false;
        var depth = lookahead.CurrentDepth;
        while (lookahead.Read())
        {
            if (lookahead.TokenType == JsonTokenType.EndObject && lookahead.CurrentDepth == depth)
            {
                return null;
            }

            if (lookahead.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var isResourceType = lookahead.ValueTextEquals("resourceType"u8);
            lookahead.Read();
            if (isResourceType)
            {
                present = true;
                if (lookahead.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                try
                {
                    return lookahead.GetString();
                }
                catch (InvalidOperationException)
                {
                    return null;
                }
            }

            lookahead.Skip();
        }

        return null;
    }

    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private ElementNode? ParseResource(ref Utf8JsonReader reader, ElementDefinitionInfo? container, string? nodeName)
    {
        CheckDepth(ref reader);
        var start = reader.TokenStartIndex;
        var typeName = ReadResourceType(reader, out var present);
        if (typeName is null)
        {
            AddIssue("structure", present ? "resourceType must be a string naming a resource type." : "The resource has no resourceType.", Location(), start);
            SkipValue(ref reader);
            return null;
        }

        var type = _definitions.FindType(typeName);
        if (type is not { Kind: TypeKind.Resource, IsAbstract: false })
        {
            AddIssue("structure", $"Unknown resource type '{typeName}'.", Location(), start);
            SkipValue(ref reader);
            return null;
        }

        var node = new ElementNode(nodeName ?? typeName, typeName, container ?? type.Root) { IsResource = true };
        var isRoot = _path.Count == 0;
        if (isRoot)
        {
            _path.Add(new PathSegment(typeName, -1));
        }

        ParseObjectBody(ref reader, node, type.GetScope(_definitions), isResource: true);
        if (isRoot)
        {
            _path.RemoveAt(_path.Count - 1);
        }

        return node;
    }

    private void ParseObjectBody(ref Utf8JsonReader reader, ElementNode node, ChildScope scope, bool isResource)
    {
        Span<char> nameBuffer = stackalloc char[NameBufferLength];
        var properties = new ObjectProperties(this);
        var sawResourceType = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var propertyStart = reader.TokenStartIndex;
            scoped ReadOnlySpan<char> name;
            if (reader.ValueSpan.Length <= NameBufferLength && !reader.ValueIsEscaped)
            {
                name = nameBuffer[..Encoding.UTF8.GetChars(reader.ValueSpan, nameBuffer)];
            }
            else if (TryGetString(ref reader) is { } escaped)
            {
                name = escaped;
            }
            else
            {
                AddIssue("structure", "A property name is not a valid Unicode string (lone surrogate).", Location(), propertyStart);
                reader.Read();
                SkipValue(ref reader);
                continue;
            }

            if (isResource && name.SequenceEqual("resourceType"))
            {
                if (sawResourceType)
                {
                    AddIssue("structure", "Duplicate property 'resourceType'.", Location(), propertyStart);
                }

                sawResourceType = true;
                reader.Read();
                SkipValue(ref reader);
                continue;
            }

            if (name.SequenceEqual("fhir_comments") || name.SequenceEqual("_fhir_comments"))
            {
                reader.Read();
                SkipValue(ref reader);
                continue;
            }

            var underscore = name.Length > 1 && name[0] == '_';
            var binding = scope.FindJson(underscore ? name[1..] : name);
            if (binding is null || (underscore && !(binding.IsPrimitive && binding.Element.AllowsExtensions)))
            {
                var text = name.ToString();
                AddIssue("structure", $"Unknown element '{text}'.", Location(text), propertyStart);
                reader.Read();
                SkipValue(ref reader);
                continue;
            }

            var conflict = properties.Register(binding, underscore);
            if (conflict is not null)
            {
                var text = name.ToString();
                AddIssue("structure", conflict == binding
                    ? $"Duplicate property '{text}'."
                    : $"'{text}' and '{conflict.JsonName}' both give a value to the choice element '{binding.Element.Name}[x]'; only one type is allowed.",
                    Location(text), propertyStart);
                reader.Read();
                SkipValue(ref reader);
                continue;
            }

            reader.Read();
            if (binding.IsPrimitive)
            {
                ParsePrimitiveProperty(ref reader, node, binding, underscore, properties);
            }
            else if (binding.IsResource)
            {
                ParseResourceProperty(ref reader, node, binding);
            }
            else
            {
                ParseComplexProperty(ref reader, node, binding);
            }
        }

        properties.Complete(node);
    }

    private void ParseComplexProperty(ref Utf8JsonReader reader, ElementNode parent, JsonPropertyBinding binding)
    {
        var element = binding.Element;
        var scope = binding.ChildScope;
        if (scope is null)
        {
            AddIssue("structure", $"No definition for the type '{binding.InstanceType}' of '{binding.JsonName}'.", Location(binding.JsonName), reader.TokenStartIndex);
            SkipValue(ref reader);
            return;
        }

        if (!CheckArrayShape(ref reader, binding))
        {
            return;
        }

        if (!element.IsCollection)
        {
            ParseComplexValue(ref reader, parent, binding, scope, -1);
            return;
        }

        CheckDepth(ref reader);
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ParseComplexValue(ref reader, parent, binding, scope, index++);
        }

        if (index == 0)
        {
            AddIssue("structure", $"The array '{binding.JsonName}' is empty; omit the property instead.", Location(binding.JsonName), reader.TokenStartIndex);
        }
    }

    private void ParseComplexValue(ref Utf8JsonReader reader, ElementNode parent, JsonPropertyBinding binding, ChildScope scope, int index)
    {
        _path.Add(new PathSegment(binding.Element.Name, index));
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            AddIssue("structure", $"'{binding.JsonName}' must be a JSON object ({binding.InstanceType}), not {Describe(reader.TokenType)}.", Location(), reader.TokenStartIndex);
            SkipValue(ref reader);
        }
        else
        {
            CheckDepth(ref reader);
            var child = parent.Add(new ElementNode(binding.Element.Name, binding.InstanceType!, binding.Element));
            ParseObjectBody(ref reader, child, scope, isResource: false);
        }

        _path.RemoveAt(_path.Count - 1);
    }

    private void ParseResourceProperty(ref Utf8JsonReader reader, ElementNode parent, JsonPropertyBinding binding)
    {
        var element = binding.Element;
        if (!CheckArrayShape(ref reader, binding))
        {
            return;
        }

        if (!element.IsCollection)
        {
            ParseResourceValue(ref reader, parent, element, -1);
            return;
        }

        CheckDepth(ref reader);
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ParseResourceValue(ref reader, parent, element, index++);
        }

        if (index == 0)
        {
            AddIssue("structure", $"The array '{binding.JsonName}' is empty; omit the property instead.", Location(binding.JsonName), reader.TokenStartIndex);
        }
    }

    private void ParseResourceValue(ref Utf8JsonReader reader, ElementNode parent, ElementDefinitionInfo element, int index)
    {
        _path.Add(new PathSegment(element.Name, index));
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            AddIssue("structure", $"'{element.Name}' must be a JSON object holding a resource, not {Describe(reader.TokenType)}.", Location(), reader.TokenStartIndex);
            SkipValue(ref reader);
        }
        else if (ParseResource(ref reader, element, element.Name) is { } resource)
        {
            parent.Add(resource);
        }

        _path.RemoveAt(_path.Count - 1);
    }

    private void ParsePrimitiveProperty(ref Utf8JsonReader reader, ElementNode parent, JsonPropertyBinding binding, bool underscore, ObjectProperties properties)
    {
        var element = binding.Element;
        var jsonName = underscore ? "_" + binding.JsonName : binding.JsonName;
        if (!CheckArrayShape(ref reader, binding, jsonName))
        {
            return;
        }

        var slot = properties.FindSlot(binding);
        if (!element.IsCollection)
        {
            _path.Add(new PathSegment(element.Name, -1));
            var target = slot is { } existing ? parent.Children[existing.Start] : NewPrimitive(parent, binding);
            ReadPrimitive(ref reader, target, binding, underscore, jsonName, allowNull: false);
            _path.RemoveAt(_path.Count - 1);
            if (slot is null)
            {
                properties.AddSlot(binding, parent.Children.Count - 1, 1);
            }

            return;
        }

        CheckDepth(ref reader);
        var start = parent.Children.Count;
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _path.Add(new PathSegment(element.Name, index));
            ElementNode target;
            if (slot is { } existing)
            {
                // The other half (given / _given) came first: align by position.
                target = index < existing.Count ? parent.Children[existing.Start + index] : new ElementNode(element.Name, binding.InstanceType!, element);
            }
            else
            {
                target = NewPrimitive(parent, binding);
            }

            ReadPrimitive(ref reader, target, binding, underscore, jsonName, allowNull: true);
            _path.RemoveAt(_path.Count - 1);
            index++;
        }

        if (index == 0)
        {
            AddIssue("structure", $"The array '{jsonName}' is empty; omit the property instead.", Location(jsonName), reader.TokenStartIndex);
        }

        if (slot is { } other)
        {
            if (other.Count != index)
            {
                AddIssue("structure", $"'{binding.JsonName}' and '_{binding.JsonName}' must have the same number of items ({other.Count} and {index}).",
                    Location(jsonName), reader.TokenStartIndex);
            }
        }
        else
        {
            properties.AddSlot(binding, start, index);
        }
    }

    private static ElementNode NewPrimitive(ElementNode parent, JsonPropertyBinding binding) =>
        parent.Add(new ElementNode(binding.Element.Name, binding.InstanceType!, binding.Element));

    private void ReadPrimitive(ref Utf8JsonReader reader, ElementNode target, JsonPropertyBinding binding, bool underscore, string jsonName, bool allowNull)
    {
        var token = reader.TokenType;
        if (token == JsonTokenType.Null)
        {
            if (!allowNull)
            {
                (_reportedPrimitives ??= []).Add(target);
                AddIssue("structure", $"'{jsonName}' is null; omit the property instead (null is only allowed inside arrays, to align a primitive array with its '_' companion).",
                    Location(), reader.TokenStartIndex);
            }

            return;
        }

        if (underscore)
        {
            if (token == JsonTokenType.StartObject)
            {
                CheckDepth(ref reader);
                var issuesBefore = _issues.Count;
                ParseObjectBody(ref reader, target, binding.PrimitiveExtensionScope!, isResource: false);
                if (_issues.Count > issuesBefore)
                {
                    // Whatever made it empty is already reported.
                    (_reportedPrimitives ??= []).Add(target);
                }
            }
            else
            {
                (_reportedPrimitives ??= []).Add(target);
                AddIssue("structure", $"'{jsonName}' must be a JSON object with the id and extensions of '{binding.JsonName}', not {Describe(token)}.", Location(), reader.TokenStartIndex);
                SkipValue(ref reader);
            }

            return;
        }

        var expected = binding.Type!.JsonType ?? PrimitiveJsonType.String;
        var matches = token switch
        {
            JsonTokenType.String => expected == PrimitiveJsonType.String,
            JsonTokenType.Number => expected == PrimitiveJsonType.Number,
            JsonTokenType.True or JsonTokenType.False => expected == PrimitiveJsonType.Boolean,
            _ => false,
        };
        if (!matches)
        {
            (_reportedPrimitives ??= []).Add(target);
            AddIssue("structure", $"'{jsonName}' ({binding.InstanceType}) must be {Expected(expected)}, not {Describe(token)}.", Location(), reader.TokenStartIndex);
            SkipValue(ref reader);
            return;
        }

        switch (token)
        {
            case JsonTokenType.String:
                try
                {
                    target.Text = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    (_reportedPrimitives ??= []).Add(target);
                    AddIssue("structure", $"'{jsonName}' is not a valid Unicode string (lone surrogate or invalid UTF-8).", Location(), reader.TokenStartIndex);
                }

                break;
            case JsonTokenType.Number:
                target.Text = Encoding.UTF8.GetString(reader.ValueSpan);
                break;
            default:
                target.Text = token == JsonTokenType.True ? "true" : "false";
                break;
        }
    }

    /// <summary>Checks array-vs-single against the definition; on a mismatch reports, skips the value and returns false.</summary>
    private bool CheckArrayShape(ref Utf8JsonReader reader, JsonPropertyBinding binding, string? jsonName = null)
    {
        jsonName ??= binding.JsonName;
        var isArray = reader.TokenType == JsonTokenType.StartArray;
        if (isArray == binding.Element.IsCollection)
        {
            return true;
        }

        AddIssue("structure", isArray
            ? $"'{jsonName}' must be a single value, not an array (max cardinality 1)."
            : $"'{jsonName}' must be an array (it repeats), even with one item.", Location(jsonName), reader.TokenStartIndex);
        SkipValue(ref reader);
        return false;
    }

    private void CheckDepth(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth >= _options.MaxDepth)
        {
            AddIssue("structure", $"The document nests deeper than {_options.MaxDepth} levels.", Location(), reader.TokenStartIndex);
            throw new StopParsingException();
        }
    }

    private void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        CheckDepth(ref reader);
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                CheckDepth(ref reader);
            }
        }
    }

    private string Location(string? childName = null)
    {
        var builder = new StringBuilder();
        foreach (var segment in _path)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(segment.Name);
            if (segment.Index >= 0)
            {
                builder.Append('[').Append(segment.Index).Append(']');
            }
        }

        if (childName is not null)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(childName);
        }

        return builder.ToString();
    }

    private void AddIssue(string code, string diagnostics, string? location, long? offset)
    {
        _issues.Add(new PendingIssue(code, diagnostics, string.IsNullOrEmpty(location) ? null : location, offset, null, null));
        if (_issues.Count >= _options.MaxIssues)
        {
            _issues.Add(new PendingIssue("too-costly", $"Stopped after {_options.MaxIssues} errors; there may be more.", null, offset, null, null));
            throw new StopParsingException();
        }
    }

    private void AddSyntaxIssue(ReadOnlySpan<byte> json, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0) + 1;
        var bytePosition = (int)(e.BytePositionInLine ?? 0);
        var column = TextPositions.ColumnOf(json, line, bytePosition);
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        _issues.Add(new PendingIssue("invalid", "The body is not valid JSON: " + message, _path.Count > 0 ? Location() : null, null, line, column));
    }

    private List<OperationOutcomeIssue> ResolveIssues(ReadOnlySpan<byte> json)
    {
        if (_issues.Count == 0)
        {
            return [OperationOutcomeIssue.Error("invalid", "The body is not a FHIR resource.")];
        }

        var offsets = _issues.Where(i => i.Offset is not null).Select(i => i.Offset!.Value).Distinct().Order().ToArray();
        var positions = TextPositions.LinesAndColumns(json, offsets);
        var result = new List<OperationOutcomeIssue>(_issues.Count);
        foreach (var issue in _issues)
        {
            var (line, column) = issue.Offset is { } offset ? positions[offset] : (issue.Line ?? 0, issue.Column ?? 0);
            result.Add(new OperationOutcomeIssue(IssueSeverity.Error, issue.Code, issue.Diagnostics, issue.Location,
                line > 0 ? line : null, column > 0 ? column : null));
        }

        return result;
    }

    internal void ReportEmptyPrimitive(ElementNode item)
    {
        if (_reportedPrimitives?.Contains(item) ?? false)
        {
            return;
        }

        var location = item.Definition is { IsCollection: true }
            ? $"{Location(item.Name)}[{item.IndexInParent}]"
            : Location(item.Name);
        AddIssue("structure", $"'{item.Name}' has neither a value nor an id/extension (null or absent in both '{item.Name}' and '_{item.Name}').", location, null);
    }

    private readonly record struct PathSegment(string Name, int Index);

    private readonly record struct PendingIssue(string Code, string Diagnostics, string? Location, long? Offset, int? Line, int? Column);

    private readonly record struct PrimitiveSlot(JsonPropertyBinding Binding, int Start, int Count);

    /// <summary>
    /// The properties seen in the JSON object being parsed: duplicate and choice-conflict detection, and the primitive
    /// slots that pair <c>name</c> with <c>_name</c>. Objects nest strictly, so every object's entries are the tail of
    /// two session-wide stacks from its start marks: no allocation per object.
    /// </summary>
    private readonly struct ObjectProperties(FhirJsonParseSession session)
    {
        private readonly int _seenStart = session._seen.Count;
        private readonly int _slotStart = session._slots.Count;

        /// <summary>Null when the property is new; otherwise the binding it clashes with (itself for a plain duplicate).</summary>
        public JsonPropertyBinding? Register(JsonPropertyBinding binding, bool underscore)
        {
            var seen = session._seen;
            for (var i = _seenStart; i < seen.Count; i++)
            {
                var (other, otherUnderscore) = seen[i];
                if (ReferenceEquals(other, binding) && otherUnderscore == underscore)
                {
                    return binding;
                }

                if (!ReferenceEquals(other, binding) && ReferenceEquals(other.Element, binding.Element))
                {
                    return other;
                }
            }

            seen.Add((binding, underscore));
            return null;
        }

        public PrimitiveSlot? FindSlot(JsonPropertyBinding binding)
        {
            var slots = session._slots;
            for (var i = _slotStart; i < slots.Count; i++)
            {
                if (ReferenceEquals(slots[i].Binding, binding))
                {
                    return slots[i];
                }
            }

            return null;
        }

        public void AddSlot(JsonPropertyBinding binding, int start, int count) => session._slots.Add(new PrimitiveSlot(binding, start, count));

        /// <summary>Reports primitives left with neither value nor extensions, then drops this object's entries.</summary>
        public void Complete(ElementNode parent)
        {
            var slots = session._slots;
            for (var s = _slotStart; s < slots.Count; s++)
            {
                var slot = slots[s];
                for (var i = 0; i < slot.Count; i++)
                {
                    var item = parent.Children[slot.Start + i];
                    if (!item.HasValue && item.Children.Count == 0)
                    {
                        session.ReportEmptyPrimitive(item);
                    }
                }
            }

            slots.RemoveRange(_slotStart, slots.Count - _slotStart);
            session._seen.RemoveRange(_seenStart, session._seen.Count - _seenStart);
        }
    }

    private sealed class StopParsingException : Exception
    {
    }
}
