using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Snapshots;
using FhirChainGateway.Fhir.Terminology;
using FhirChainGateway.Fhir.Validation.Profiles.Checks;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// Decides whether an instance element belongs to a slice, by the slicing's discriminators: <c>value</c> and
/// <c>pattern</c> (the fixed or pattern value the slice gives at the discriminator path, or its required binding),
/// <c>type</c>, <c>profile</c> (conformance of the element or the resource it references) and <c>exists</c>.
/// A slice that states nothing at a discriminator path is matched by full conformance, as the HL7 validator does.
/// </summary>
internal static class SliceMatcher
{
    public static bool Matches(ElementNode item, ElementDef slice, SlicingDef slicing, ValidationRun run)
    {
        if (slicing.Discriminators.Count == 0)
        {
            return ConformsToSlice(item, slice, run);
        }

        foreach (var discriminator in slicing.Discriminators)
        {
            if (!Matches(item, slice, discriminator, run))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(ElementNode item, ElementDef slice, Discriminator discriminator, ValidationRun run)
    {
        var target = DiscriminatorTarget.Find(slice, discriminator.Path, run);
        var values = Evaluate(item, discriminator.Path, run);
        switch (discriminator.Type)
        {
            case DiscriminatorType.Value or DiscriminatorType.Pattern:
                if (target.Element?.Fixed is { } fixedValue)
                {
                    return values.Any(v => FhirValueMatcher.Matches(v, fixedValue.Value, exact: discriminator.Type == DiscriminatorType.Value));
                }

                if (target.Element?.Pattern is { } pattern)
                {
                    return values.Any(v => FhirValueMatcher.Matches(v, pattern.Value, exact: false));
                }

                if (target.JsonValues is { Count: > 0 } json)
                {
                    return values.Any(v => json.Any(j => FhirValueMatcher.Matches(v, j, exact: false)));
                }

                if (target.Url is { } url)
                {
                    return values.Any(v => v.Text == url);
                }

                if (target.Element?.Binding is { Strength: BindingStrength.Required, ValueSet: { } valueSet }
                    && run.Resources.Terminology.Expand(valueSet) is { } expansion)
                {
                    return values.Any(v => InValueSet(v, expansion));
                }

                return ConformsToSlice(item, slice, run);
            case DiscriminatorType.Exists:
                if (target.Element is { } element && (element.Min > 0 || element.Max == 0))
                {
                    return element.Min > 0 ? values.Count > 0 : values.Count == 0;
                }

                return ConformsToSlice(item, slice, run);
            case DiscriminatorType.Type:
            {
                var types = target.Resolved ? target.TargetTypes(run) : target.Element?.Types.Select(t => t.Code).ToList();
                if (types is null || types.Count == 0)
                {
                    return ConformsToSlice(item, slice, run);
                }

                var definitions = run.Resources.Definitions;
                return values.Any(v => types.Any(t => definitions.IsSameOrSubtypeOf(v.InstanceType, t)));
            }

            case DiscriminatorType.Profile:
            {
                var profiles = target.Profiles(run);
                if (profiles.Count == 0)
                {
                    return ConformsToSlice(item, slice, run);
                }

                return values.Any(v => profiles.Any(p => ProfileWalker.Conforms(v, p, run)));
            }

            default:
                return true;
        }
    }

    private static bool InValueSet(ElementNode node, ValueSetExpansion expansion)
    {
        if (node.Text is { } code)
        {
            return expansion.Contains(null, code) != Membership.NotMember;
        }

        if (node.InstanceType == "Coding")
        {
            return node.ChildText("code") is { } c && expansion.Contains(node.ChildText("system"), c) != Membership.NotMember;
        }

        foreach (var coding in node.ChildrenNamed("coding"))
        {
            if (coding.ChildText("code") is { } c && expansion.Contains(coding.ChildText("system"), c) != Membership.NotMember)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The element's conformance to the slice definition, by a dry run.</summary>
    private static bool ConformsToSlice(ElementNode item, ElementDef slice, ValidationRun run)
    {
        var child = run.Fork();
        if (child is null)
        {
            return false;
        }

        ProfileWalker.ValidateChild(item, slice, child);
        return !child.HasErrors;
    }

    private static IReadOnlyList<ElementNode> Evaluate(ElementNode item, string path, ValidationRun run)
    {
        if (path is "$this" or "")
        {
            return [item];
        }

        try
        {
            var result = run.Resources.Compiler.Compile(path).Evaluate(item, run.Evaluation);
            var nodes = new List<ElementNode>(result.Count);
            foreach (var value in result)
            {
                if (value.Node is { } node)
                {
                    nodes.Add(node);
                }
            }

            return nodes;
        }
        catch (FhirPathException)
        {
            return [];
        }
    }
}

/// <summary>What a slice states at a discriminator path: the element definition there, values inside a pattern, an extension URL.</summary>
internal sealed class DiscriminatorTarget
{
    public ElementDef? Element { get; private init; }

    /// <summary>When the path runs past the snapshot into a fixed or pattern value: the JSON values at the rest of the path.</summary>
    public IReadOnlyList<JsonElement>? JsonValues { get; private init; }

    /// <summary>For <c>url</c> on an extension slice known only by its type profile: that profile's URL.</summary>
    public string? Url { get; private init; }

    /// <summary>True when the path goes through <c>resolve()</c>: types and profiles are those of the reference targets.</summary>
    public bool Resolved { get; private init; }

    public static DiscriminatorTarget Find(ElementDef slice, string path, ValidationRun run)
    {
        var segments = Split(path);
        var current = slice;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment is "$this" || segment.StartsWith("ofType(", StringComparison.Ordinal) || segment.StartsWith("as(", StringComparison.Ordinal))
            {
                continue;
            }

            if (segment == "resolve()")
            {
                return new DiscriminatorTarget { Element = current, Resolved = true };
            }

            if (segment.StartsWith("extension(", StringComparison.Ordinal))
            {
                var url = segment["extension(".Length..].TrimEnd(')').Trim('\'', '"');
                var extension = ChildrenOf(current, run).FirstOrDefault(c => c.Name == "extension");
                var found = extension?.Slices.FirstOrDefault(s => ExtensionSlotValidator.SliceUrl(s) == url);
                if (found is null)
                {
                    return new DiscriminatorTarget();
                }

                current = found;
                continue;
            }

            var child = ChildrenOf(current, run).FirstOrDefault(c => c.Name == segment && c.SliceName is null);
            if (child is null)
            {
                if ((current.Fixed ?? current.Pattern) is { } value)
                {
                    return new DiscriminatorTarget { JsonValues = Descend([value.Value], segments.Skip(i).ToList()) };
                }

                if (segment == "url" && current.Types.Count == 1 && current.Types[0].Code == "Extension")
                {
                    return new DiscriminatorTarget { Url = ExtensionSlotValidator.SliceUrl(current) };
                }

                return new DiscriminatorTarget();
            }

            current = child;
        }

        return new DiscriminatorTarget { Element = current };
    }

    /// <summary>The resource types a <c>resolve()</c> discriminator allows: from the reference's target profiles.</summary>
    public List<string> TargetTypes(ValidationRun run)
    {
        var types = new List<string>();
        foreach (var type in Element?.Types ?? [])
        {
            foreach (var target in type.TargetProfiles)
            {
                if (run.Resources.FindProfile(target) is { } profile)
                {
                    types.Add(profile.Type);
                }
            }

            if (type.Code != "Reference" && type.Code != "canonical")
            {
                types.Add(type.Code);
            }
        }

        return types;
    }

    /// <summary>The profiles a profile discriminator names: type profiles, or target profiles through <c>resolve()</c>.</summary>
    public List<StructureProfile> Profiles(ValidationRun run)
    {
        var result = new List<StructureProfile>();
        foreach (var type in Element?.Types ?? [])
        {
            foreach (var url in Resolved ? type.TargetProfiles : type.Profiles)
            {
                if (run.Resources.FindProfile(url) is { } profile)
                {
                    result.Add(profile);
                }
            }
        }

        return result;
    }

    private static IReadOnlyList<ElementDef> ChildrenOf(ElementDef element, ValidationRun run)
    {
        if (element.Children.Count > 0)
        {
            return element.Children;
        }

        if (element.Types.Count == 1 && element.Types[0].Profiles.Count == 1 && run.Resources.FindProfile(element.Types[0].Profiles[0]) is { } profile)
        {
            return profile.Root.Children;
        }

        return [];
    }

    private static List<JsonElement> Descend(List<JsonElement> values, List<string> segments)
    {
        var current = values;
        foreach (var segment in segments)
        {
            var next = new List<JsonElement>();
            foreach (var value in current)
            {
                foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value])
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(segment, out var property))
                    {
                        if (property.ValueKind == JsonValueKind.Array)
                        {
                            next.AddRange(property.EnumerateArray());
                        }
                        else
                        {
                            next.Add(property);
                        }
                    }
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>Splits a discriminator path at dots outside parentheses and quotes.</summary>
    private static List<string> Split(string path)
    {
        var segments = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '.' when depth == 0:
                    segments.Add(path[start..i]);
                    start = i + 1;
                    break;
            }
        }

        segments.Add(path[start..]);
        return segments;
    }
}
