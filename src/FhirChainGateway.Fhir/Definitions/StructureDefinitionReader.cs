using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>Reads StructureDefinition JSON into summaries and, for specializations with a snapshot, the type model.</summary>
internal sealed class StructureDefinitionReader
{
    private const string FhirTypeExtension = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
    private const string RegexExtension = "http://hl7.org/fhir/StructureDefinition/regex";
    private const string SystemTypePrefix = "http://hl7.org/fhirpath/";

    // The same constraint (ele-1, ext-1, ...) repeats on thousands of elements: share one instance of each.
    private readonly Dictionary<ElementConstraint, ElementConstraint> _constraints = [];
    private readonly Dictionary<string, string[]> _singleStringLists = new(StringComparer.Ordinal);

    public static TypeKind ParseKind(string? kind) => kind switch
    {
        "primitive-type" => TypeKind.PrimitiveType,
        "complex-type" => TypeKind.ComplexType,
        "resource" => TypeKind.Resource,
        _ => TypeKind.Logical,
    };

    public static StructureDerivation ParseDerivation(string? derivation) => derivation switch
    {
        "specialization" => StructureDerivation.Specialization,
        "constraint" => StructureDerivation.Constraint,
        _ => StructureDerivation.None,
    };

    /// <summary>The type model of a specialization (or a root like Element/Resource) with a snapshot; null otherwise.</summary>
    public TypeDefinition? ReadType(JsonElement structure)
    {
        var derivation = ParseDerivation(structure.GetStringOrNull("derivation"));
        var snapshot = structure.GetObjectOrDefault("snapshot");
        if (derivation == StructureDerivation.Constraint || snapshot.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var name = structure.GetStringOrNull("type") ?? structure.GetStringOrNull("name")!;
        var kind = ParseKind(structure.GetStringOrNull("kind"));
        var builders = new List<ElementBuilder>();
        JsonElement? primitiveValue = null;
        foreach (var element in snapshot.GetArrayOrEmpty("element"))
        {
            var path = element.GetStringOrNull("path");
            if (path is null || element.GetStringOrNull("sliceName") is not null || (element.GetStringOrNull("id")?.Contains(':', StringComparison.Ordinal) ?? false))
            {
                continue;
            }

            if (kind == TypeKind.PrimitiveType && path == name + ".value")
            {
                primitiveValue = element;
                continue;
            }

            builders.Add(ReadElement(element, path));
        }

        if (builders.Count == 0)
        {
            return null;
        }

        var root = BuildTree(builders);
        string? pattern = null;
        string? systemType = null;
        if (primitiveValue is { } value)
        {
            foreach (var type in value.GetArrayOrEmpty("type"))
            {
                var code = type.GetStringOrNull("code");
                if (code is not null && code.StartsWith(SystemTypePrefix, StringComparison.Ordinal))
                {
                    systemType = code[SystemTypePrefix.Length..];
                }

                foreach (var extension in type.GetArrayOrEmpty("extension"))
                {
                    if (extension.GetStringOrNull("url") == RegexExtension)
                    {
                        pattern = extension.GetStringOrNull("valueString");
                    }
                }
            }
        }

        var baseDefinition = structure.GetStringOrNull("baseDefinition");
        return new TypeDefinition
        {
            Name = name,
            Url = structure.GetStringOrNull("url")!,
            Kind = kind,
            IsAbstract = structure.GetBooleanOr("abstract", false),
            BaseType = baseDefinition is null ? null : baseDefinition[(baseDefinition.LastIndexOf('/') + 1)..],
            Root = root,
            ValuePattern = pattern,
            SystemType = systemType,
            JsonType = kind == TypeKind.PrimitiveType ? PrimitiveJsonTypeOf(name) : null,
            MaxLength = primitiveValue?.GetInt32OrNull("maxLength"),
        };
    }

    public static StructureDefinitionInfo ReadSummary(JsonElement structure, DefinitionOrigin origin, TypeDefinition? type, string? sourceJson)
    {
        var contexts = new List<ExtensionContextInfo>();
        foreach (var context in structure.GetArrayOrEmpty("context"))
        {
            contexts.Add(new ExtensionContextInfo(context.GetStringOrNull("type") ?? "element", context.GetStringOrNull("expression") ?? string.Empty));
        }

        var valueTypes = new List<string>();
        if (structure.GetStringOrNull("type") == "Extension")
        {
            foreach (var element in structure.GetObjectOrDefault("snapshot").GetArrayOrEmpty("element"))
            {
                if (element.GetStringOrNull("path") == "Extension.value[x]" && element.GetStringOrNull("sliceName") is null && element.GetStringOrNull("max") != "0")
                {
                    foreach (var t in element.GetArrayOrEmpty("type"))
                    {
                        if (t.GetStringOrNull("code") is { } code)
                        {
                            valueTypes.Add(code);
                        }
                    }
                }
            }
        }

        return new StructureDefinitionInfo
        {
            Url = structure.GetStringOrNull("url") ?? string.Empty,
            Version = structure.GetStringOrNull("version"),
            Name = structure.GetStringOrNull("name") ?? structure.GetStringOrNull("id") ?? string.Empty,
            Type = structure.GetStringOrNull("type") ?? string.Empty,
            Kind = ParseKind(structure.GetStringOrNull("kind")),
            IsAbstract = structure.GetBooleanOr("abstract", false),
            Derivation = ParseDerivation(structure.GetStringOrNull("derivation")),
            BaseDefinition = structure.GetStringOrNull("baseDefinition"),
            HasSnapshot = structure.GetObjectOrDefault("snapshot").ValueKind == JsonValueKind.Object,
            Origin = origin,
            TypeDefinition = type,
            Contexts = contexts,
            ExtensionValueTypes = valueTypes,
            SourceJson = sourceJson,
        };
    }

    private static PrimitiveJsonType PrimitiveJsonTypeOf(string name) => name switch
    {
        "boolean" => PrimitiveJsonType.Boolean,
        "integer" or "positiveInt" or "unsignedInt" or "decimal" or "integer64" => PrimitiveJsonType.Number,
        _ => PrimitiveJsonType.String,
    };

    private static bool IsCollectionMax(string? max) => max is not null && max != "0" && max != "1";

    private static ElementDefinitionInfo BuildTree(List<ElementBuilder> builders)
    {
        var root = builders[0];
        var stack = new Stack<ElementBuilder>();
        stack.Push(root);
        for (var i = 1; i < builders.Count; i++)
        {
            var builder = builders[i];
            while (stack.Count > 0 && !builder.Path.StartsWith(stack.Peek().Path + ".", StringComparison.Ordinal))
            {
                stack.Pop();
            }

            if (stack.Count == 0)
            {
                // Not below the root: a malformed snapshot. Ignore the element rather than guess its parent.
                stack.Push(root);
                continue;
            }

            stack.Peek().Children.Add(builder);
            stack.Push(builder);
        }

        // An element defined by reference has no types of its own: it has those of the element it names.
        var byPath = new Dictionary<string, ElementBuilder>(StringComparer.Ordinal);
        foreach (var builder in builders)
        {
            byPath.TryAdd(builder.Path, builder);
        }

        foreach (var builder in builders)
        {
            if (builder.ContentReference is { } reference && builder.Types.Count == 0 && byPath.TryGetValue(reference, out var target))
            {
                builder.Types = target.Types;
            }
        }

        return root.Build(0);
    }

    private ElementBuilder ReadElement(JsonElement element, string path)
    {
        var lastDot = path.LastIndexOf('.');
        var segment = lastDot < 0 ? path : path[(lastDot + 1)..];
        var isChoice = segment.EndsWith("[x]", StringComparison.Ordinal);
        var max = element.GetStringOrNull("max");
        var baseMax = element.GetObjectOrDefault("base").GetStringOrNull("max") ?? max;
        var basePath = element.GetObjectOrDefault("base").GetStringOrNull("path");

        var types = new List<string>();
        var targetProfiles = new List<string>();
        var typeProfiles = new List<string>();
        var systemTyped = false;
        foreach (var type in element.GetArrayOrEmpty("type"))
        {
            var code = type.GetStringOrNull("code");
            if (code is null)
            {
                continue;
            }

            if (code.StartsWith(SystemTypePrefix, StringComparison.Ordinal))
            {
                systemTyped = true;
                code = "string";
                foreach (var extension in type.GetArrayOrEmpty("extension"))
                {
                    if (extension.GetStringOrNull("url") == FhirTypeExtension)
                    {
                        code = extension.GetStringOrNull("valueUrl") ?? extension.GetStringOrNull("valueUri") ?? code;
                    }
                }

                // The specification's narrative (and every SDK) types Resource.id as id; the 4.0.1 snapshot says string.
                if (basePath == "Resource.id" || path == "Resource.id")
                {
                    code = "id";
                }
            }

            if (!types.Contains(code))
            {
                types.Add(code);
            }

            targetProfiles.AddRange(type.GetStrings("targetProfile").Where(p => !targetProfiles.Contains(p)));
            typeProfiles.AddRange(type.GetStrings("profile").Where(p => !typeProfiles.Contains(p)));
        }

        var constraints = new List<ElementConstraint>();
        foreach (var constraint in element.GetArrayOrEmpty("constraint"))
        {
            var parsed = new ElementConstraint(
                constraint.GetStringOrNull("key") ?? string.Empty,
                constraint.GetStringOrNull("severity") == "warning" ? ConstraintSeverity.Warning : ConstraintSeverity.Error,
                constraint.GetStringOrNull("human") ?? string.Empty,
                constraint.GetStringOrNull("expression"),
                constraint.GetStringOrNull("source"));
            if (!_constraints.TryGetValue(parsed, out var shared))
            {
                _constraints[parsed] = shared = parsed;
            }

            constraints.Add(shared);
        }

        ElementBinding? binding = null;
        var bindingElement = element.GetObjectOrDefault("binding");
        if (bindingElement.ValueKind == JsonValueKind.Object)
        {
            var strength = bindingElement.GetStringOrNull("strength") switch
            {
                "required" => BindingStrength.Required,
                "extensible" => BindingStrength.Extensible,
                "preferred" => BindingStrength.Preferred,
                _ => BindingStrength.Example,
            };
            binding = new ElementBinding(strength, bindingElement.GetStringOrNull("valueSet"));
        }

        var contentReference = element.GetStringOrNull("contentReference");
        if (contentReference is not null)
        {
            contentReference = contentReference[(contentReference.IndexOf('#', StringComparison.Ordinal) + 1)..];
        }

        var name = isChoice ? segment[..^3] : segment;
        return new ElementBuilder
        {
            Path = path,
            Name = name,
            IsChoice = isChoice,
            Min = element.GetInt32OrNull("min") ?? 0,
            Max = max is null or "*" ? null : int.TryParse(max, out var m) ? m : null,
            IsCollection = IsCollectionMax(baseMax),
            Types = Share(types),
            TargetProfiles = Share(targetProfiles),
            TypeProfiles = Share(typeProfiles),
            ContentReference = contentReference,
            IsModifier = element.GetBooleanOr("isModifier", false),
            IsSummary = element.GetBooleanOr("isSummary", false),
            Binding = binding,
            Constraints = constraints.Count == 0 ? [] : constraints.ToArray(),
            IsXmlAttribute = element.GetArrayOrEmpty("representation").Any(r => r.ValueKind == JsonValueKind.String && r.GetString() == "xmlAttr"),
            AllowsExtensions = !(systemTyped && name == "id"),
            MaxLength = element.GetInt32OrNull("maxLength"),
        };
    }

    private IReadOnlyList<string> Share(List<string> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        if (values.Count > 1)
        {
            return values.ToArray();
        }

        if (!_singleStringLists.TryGetValue(values[0], out var shared))
        {
            _singleStringLists[values[0]] = shared = [values[0]];
        }

        return shared;
    }

    private sealed class ElementBuilder
    {
        public required string Path { get; init; }

        public required string Name { get; init; }

        public bool IsChoice { get; init; }

        public int Min { get; init; }

        public int? Max { get; init; }

        public bool IsCollection { get; init; }

        public IReadOnlyList<string> Types { get; set; } = [];

        public IReadOnlyList<string> TargetProfiles { get; init; } = [];

        public IReadOnlyList<string> TypeProfiles { get; init; } = [];

        public string? ContentReference { get; init; }

        public bool IsModifier { get; init; }

        public bool IsSummary { get; init; }

        public ElementBinding? Binding { get; init; }

        public IReadOnlyList<ElementConstraint> Constraints { get; init; } = [];

        public bool IsXmlAttribute { get; init; }

        public bool AllowsExtensions { get; init; }

        public int? MaxLength { get; init; }

        public List<ElementBuilder> Children { get; } = [];

        public ElementDefinitionInfo Build(int order)
        {
            var children = new ElementDefinitionInfo[Children.Count];
            for (var i = 0; i < children.Length; i++)
            {
                children[i] = Children[i].Build(i);
            }

            return new ElementDefinitionInfo
            {
                Path = Path,
                Name = Name,
                IsChoice = IsChoice,
                Min = Min,
                Max = Max,
                IsCollection = IsCollection,
                Types = Types,
                Children = children,
                ContentReference = ContentReference,
                Order = order,
                IsModifier = IsModifier,
                IsSummary = IsSummary,
                TargetProfiles = TargetProfiles,
                TypeProfiles = TypeProfiles,
                Binding = Binding,
                Constraints = Constraints,
                IsXmlAttribute = IsXmlAttribute,
                AllowsExtensions = AllowsExtensions,
                MaxLength = MaxLength,
            };
        }
    }
}
