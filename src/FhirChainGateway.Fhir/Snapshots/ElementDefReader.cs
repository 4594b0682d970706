using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Snapshots;

/// <summary>Reads ElementDefinition JSON (snapshot or differential) into <see cref="ElementDef"/>s.</summary>
internal static class ElementDefReader
{
    public const string FhirTypeExtension = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
    public const string AdditionalBindingExtension = "http://hl7.org/fhir/tools/StructureDefinition/additional-binding";
    public const string AdditionalBindingCrossVersion = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.binding.additional";
    public const string MinLengthExtension = "http://hl7.org/fhir/StructureDefinition/minLength";
    private const string SystemTypePrefix = "http://hl7.org/fhirpath/System.";

    private static readonly HashSet<string> PrimitiveTypes = new(StringComparer.Ordinal)
    {
        "boolean", "integer", "integer64", "string", "decimal", "uri", "url", "canonical", "base64Binary", "instant", "date",
        "dateTime", "time", "code", "oid", "id", "markdown", "unsignedInt", "positiveInt", "uuid", "xhtml",
    };

    /// <summary>The FHIR type named by the suffix of <c>fixedDateTime</c>-style property names (<c>DateTime</c> gives <c>dateTime</c>).</summary>
    public static string TypeOfSuffix(string suffix)
    {
        if (suffix.Length == 0)
        {
            return suffix;
        }

        var lowered = char.ToLowerInvariant(suffix[0]) + suffix[1..];
        return PrimitiveTypes.Contains(lowered) ? lowered : suffix;
    }

    public static bool IsPrimitiveTypeName(string type) => PrimitiveTypes.Contains(type);

    /// <summary>Reads one element; <see cref="ElementDef.Key"/> is the declared id (or the path) until the tree builder assigns structural keys.</summary>
    public static ElementDef Read(JsonElement element)
    {
        var path = element.GetStringOrNull("path") ?? element.GetStringOrNull("id") ?? string.Empty;
        var lastDot = path.LastIndexOf('.');
        var segment = lastDot < 0 ? path : path[(lastDot + 1)..];
        var isChoice = segment.EndsWith("[x]", StringComparison.Ordinal);
        var max = element.GetStringOrNull("max");
        var basePath = element.GetObjectOrDefault("base").GetStringOrNull("path");

        TypedJsonValue? fixedValue = null, pattern = null, minValue = null, maxValue = null;
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (TryValue(name, "fixed", property.Value) is { } f)
            {
                fixedValue = f;
            }
            else if (TryValue(name, "pattern", property.Value) is { } p)
            {
                pattern = p;
            }
            else if (TryValue(name, "minValue", property.Value) is { } min)
            {
                minValue = min;
            }
            else if (TryValue(name, "maxValue", property.Value) is { } mx)
            {
                maxValue = mx;
            }
        }

        int? minLength = null;
        foreach (var extension in element.GetArrayOrEmpty("extension"))
        {
            if (extension.GetStringOrNull("url") == MinLengthExtension)
            {
                minLength = extension.GetInt32OrNull("valueInteger");
            }
        }

        return new ElementDef
        {
            Key = element.GetStringOrNull("id") ?? path,
            Path = path,
            Name = isChoice ? segment[..^3] : segment,
            IsChoice = isChoice,
            SliceName = element.GetStringOrNull("sliceName"),
            Min = element.GetInt32OrNull("min") ?? 0,
            Max = ParseMax(max),
            Types = ReadTypes(element, path, basePath),
            ContentReference = ContentReferencePath(element.GetStringOrNull("contentReference")),
            Fixed = fixedValue,
            Pattern = pattern,
            MinValue = minValue,
            MaxValue = maxValue,
            MaxLength = element.GetInt32OrNull("maxLength"),
            MinLength = minLength,
            Binding = ReadBinding(element.GetObjectOrDefault("binding")),
            Constraints = ReadConstraints(element),
            Slicing = ReadSlicing(element.GetObjectOrDefault("slicing")),
            IsModifier = element.GetBooleanOr("isModifier", false),
            MustSupport = element.GetBooleanOr("mustSupport", false),
            BasePath = basePath,
            BaseMax = element.GetObjectOrDefault("base").GetStringOrNull("max") ?? max,
        };
    }

    /// <summary>Which differential properties are present, so merging overrides only what the differential says.</summary>
    public static DifferentialFacts Facts(JsonElement element)
    {
        var facts = DifferentialFacts.None;
        foreach (var property in element.EnumerateObject())
        {
            facts |= property.Name switch
            {
                "min" => DifferentialFacts.Min,
                "max" => DifferentialFacts.Max,
                "type" => DifferentialFacts.Type,
                "binding" => DifferentialFacts.Binding,
                "constraint" => DifferentialFacts.Constraint,
                "slicing" => DifferentialFacts.Slicing,
                "maxLength" => DifferentialFacts.MaxLength,
                "isModifier" => DifferentialFacts.IsModifier,
                "mustSupport" => DifferentialFacts.MustSupport,
                "contentReference" => DifferentialFacts.ContentReference,
                "extension" => DifferentialFacts.Extension,
                _ when property.Name.StartsWith("fixed", StringComparison.Ordinal) => DifferentialFacts.Fixed,
                _ when property.Name.StartsWith("pattern", StringComparison.Ordinal) => DifferentialFacts.Pattern,
                _ when property.Name.StartsWith("minValue", StringComparison.Ordinal) => DifferentialFacts.MinValue,
                _ when property.Name.StartsWith("maxValue", StringComparison.Ordinal) => DifferentialFacts.MaxValue,
                _ => DifferentialFacts.None,
            };
        }

        return facts;
    }

    public static int? ParseMax(string? max) => max is null or "*" ? null : int.TryParse(max, out var m) ? m : null;

    private static TypedJsonValue? TryValue(string name, string prefix, JsonElement value)
    {
        if (name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.Ordinal) || !char.IsAsciiLetterUpper(name[prefix.Length]))
        {
            return null;
        }

        return new TypedJsonValue(TypeOfSuffix(name[prefix.Length..]), value);
    }

    private static string? ContentReferencePath(string? contentReference)
    {
        if (contentReference is null)
        {
            return null;
        }

        var hash = contentReference.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? contentReference[(hash + 1)..] : contentReference;
    }

    private static IReadOnlyList<ElementTypeRef> ReadTypes(JsonElement element, string path, string? basePath)
    {
        if (!element.TryGetProperty("type", out var types) || types.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<ElementTypeRef>();
        foreach (var type in types.EnumerateArray())
        {
            var code = type.GetStringOrNull("code");
            if (code is null)
            {
                continue;
            }

            if (code.StartsWith(SystemTypePrefix, StringComparison.Ordinal))
            {
                code = "string";
                foreach (var extension in type.GetArrayOrEmpty("extension"))
                {
                    if (extension.GetStringOrNull("url") == FhirTypeExtension)
                    {
                        code = extension.GetStringOrNull("valueUrl") ?? extension.GetStringOrNull("valueUri") ?? code;
                    }
                }

                // As in the core registry: the specification types Resource.id as id although the snapshot says string.
                if (basePath == "Resource.id" || path == "Resource.id")
                {
                    code = "id";
                }
            }

            result.Add(new ElementTypeRef(code, Canonicals(type, "profile"), Canonicals(type, "targetProfile"), type.GetStrings("aggregation")));
        }

        return result;
    }

    /// <summary>R4 lists canonicals in arrays; STU3-era files give a single string. Both are read.</summary>
    private static IReadOnlyList<string> Canonicals(JsonElement type, string property)
    {
        if (!type.TryGetProperty(property, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        return value.ValueKind == JsonValueKind.Array ? type.GetStrings(property) : [];
    }

    private static BindingDef? ReadBinding(JsonElement binding)
    {
        if (binding.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var strength = binding.GetStringOrNull("strength") switch
        {
            "required" => BindingStrength.Required,
            "extensible" => BindingStrength.Extensible,
            "preferred" => BindingStrength.Preferred,
            _ => BindingStrength.Example,
        };
        var valueSet = binding.GetStringOrNull("valueSet")
            ?? binding.GetStringOrNull("valueSetUri")
            ?? binding.GetObjectOrDefault("valueSetReference").GetStringOrNull("reference");
        var additional = new List<AdditionalBindingDef>();
        foreach (var extension in binding.GetArrayOrEmpty("extension"))
        {
            if (extension.GetStringOrNull("url") is not (AdditionalBindingExtension or AdditionalBindingCrossVersion))
            {
                continue;
            }

            string? purpose = null, set = null;
            foreach (var part in extension.GetArrayOrEmpty("extension"))
            {
                switch (part.GetStringOrNull("url"))
                {
                    case "purpose":
                        purpose = part.GetStringOrNull("valueCode");
                        break;
                    case "valueSet":
                        set = part.GetStringOrNull("valueCanonical") ?? part.GetStringOrNull("valueUri");
                        break;
                }
            }

            if (purpose is not null && set is not null)
            {
                additional.Add(new AdditionalBindingDef(purpose, set));
            }
        }

        return new BindingDef(strength, valueSet, additional.Count == 0 ? [] : additional);
    }

    private static IReadOnlyList<ElementConstraint> ReadConstraints(JsonElement element)
    {
        if (!element.TryGetProperty("constraint", out var constraints) || constraints.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<ElementConstraint>();
        foreach (var constraint in constraints.EnumerateArray())
        {
            result.Add(new ElementConstraint(
                constraint.GetStringOrNull("key") ?? string.Empty,
                constraint.GetStringOrNull("severity") == "warning" ? ConstraintSeverity.Warning : ConstraintSeverity.Error,
                constraint.GetStringOrNull("human") ?? string.Empty,
                constraint.GetStringOrNull("expression"),
                constraint.GetStringOrNull("source")));
        }

        return result;
    }

    private static SlicingDef? ReadSlicing(JsonElement slicing)
    {
        if (slicing.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var discriminators = new List<Discriminator>();
        foreach (var discriminator in slicing.GetArrayOrEmpty("discriminator"))
        {
            var type = discriminator.GetStringOrNull("type") switch
            {
                "value" => DiscriminatorType.Value,
                "exists" => DiscriminatorType.Exists,
                "pattern" => DiscriminatorType.Pattern,
                "type" => DiscriminatorType.Type,
                "profile" => DiscriminatorType.Profile,
                "position" => DiscriminatorType.Position,
                _ => DiscriminatorType.Value,
            };
            discriminators.Add(new Discriminator(type, discriminator.GetStringOrNull("path") ?? "$this"));
        }

        // STU3-era files give discriminators as bare path strings (value discriminators).
        foreach (var path in slicing.GetStrings("discriminator"))
        {
            discriminators.Add(new Discriminator(DiscriminatorType.Value, path));
        }

        var rules = slicing.GetStringOrNull("rules") switch
        {
            "closed" => SlicingRules.Closed,
            "openAtEnd" => SlicingRules.OpenAtEnd,
            _ => SlicingRules.Open,
        };
        return new SlicingDef(discriminators, slicing.GetBooleanOr("ordered", false), rules);
    }
}

/// <summary>The properties a differential element states (a snapshot element states everything).</summary>
[Flags]
internal enum DifferentialFacts
{
    None = 0,
    Min = 1,
    Max = 2,
    Type = 4,
    Binding = 8,
    Constraint = 16,
    Slicing = 32,
    MaxLength = 64,
    IsModifier = 128,
    MustSupport = 256,
    Fixed = 512,
    Pattern = 1024,
    MinValue = 2048,
    MaxValue = 4096,
    ContentReference = 8192,
    Extension = 16384,
}
