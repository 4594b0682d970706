using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// A Reference: its format (<c>Type/id</c>, absolute URL, <c>urn:uuid:</c>, <c>#contained</c>), its resolution
/// (contained resources; Bundle entries by fullUrl through the Bundle's index, so a whole Bundle stays linear), the
/// allowed target types, the target profiles (checked on targets that resolve), and the aggregation modes.
/// </summary>
internal sealed partial class ReferenceCheck : INodeCheck
{
    private const string CorePrefix = "http://hl7.org/fhir/StructureDefinition/";

    private readonly ElementDef _def;
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly List<string> _profiles = [];
    private readonly IReadOnlyList<string> _aggregation;
    private readonly bool _anyType;

    public ReferenceCheck(ElementDef def)
    {
        _def = def;
        var reference = def.FindType("Reference");
        _aggregation = reference?.Aggregation ?? [];
        foreach (var target in reference?.TargetProfiles ?? [])
        {
            var bar = target.IndexOf('|', StringComparison.Ordinal);
            var url = bar > 0 ? target[..bar] : target;
            if (url.StartsWith(CorePrefix, StringComparison.Ordinal) && !url.AsSpan(CorePrefix.Length).Contains('/') && IsTypeName(url[CorePrefix.Length..]))
            {
                _types.Add(url[CorePrefix.Length..]);
            }
            else
            {
                _profiles.Add(target);
            }
        }

        _anyType = _types.Count == 0 && _profiles.Count == 0 || _types.Contains("Resource") || _types.Contains("DomainResource");
    }

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.InstanceType != "Reference" || node.ChildText("reference") is not { } reference)
        {
            return;
        }

        ElementNode? target;
        string? impliedType;
        string mode;
        if (reference.StartsWith('#'))
        {
            mode = "contained";
            target = ResolveContained(reference[1..], node);
            impliedType = target?.InstanceType;
            if (target is null)
            {
                run.Error("structure", $"Unable to resolve resource with reference '{reference}': no contained resource has this id.", node);
                return;
            }
        }
        else
        {
            if (!CheckFormat(reference, node, run, out impliedType))
            {
                return;
            }

            (target, mode) = ResolveInBundle(reference, impliedType, node, run);
        }

        var actualType = target?.InstanceType ?? (run.Options.AssumeValidRestReferences ? impliedType : null) ?? node.ChildText("type");
        if (actualType is not null && !_anyType && !IsAllowedType(actualType, run))
        {
            var allowed = Texts.List(_types.Concat(_profiles.Select(p => run.Resources.FindProfile(p)?.Type ?? p)).Distinct());
            run.Error("structure", $"The type '{actualType}' {(target is null ? $"implied by the reference URL {reference}" : $"of the resource {reference} resolves to")} is not a valid Target for this element (must be one of [{allowed}]){ValidationRun.From(_def)}.", node);
        }

        if (target is not null && _profiles.Count > 0 && _types.Count == 0)
        {
            CheckTargetProfiles(node, reference, target, run);
        }

        // Aggregation is enforced where it can be decided: references inside a Bundle, and local ones.
        if (_aggregation.Count > 0 && !_aggregation.Contains(mode) && (mode != "referenced" || InBundle(node)))
        {
            run.Error("structure", $"Reference is {(mode == "referenced" ? "external" : mode)} which isn't supported by the specified aggregation mode(s) for the reference ({Texts.List(_aggregation)}){ValidationRun.From(_def)}.", node);
        }
    }

    private static bool InBundle(ElementNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current.InstanceType == "Bundle")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTypeName(string name) => name.Length > 0 && char.IsAsciiLetterUpper(name[0]);

    private bool IsAllowedType(string type, ValidationRun run)
    {
        var definitions = run.Resources.Definitions;
        foreach (var allowed in _types)
        {
            if (definitions.IsSameOrSubtypeOf(type, allowed))
            {
                return true;
            }
        }

        foreach (var profileUrl in _profiles)
        {
            if (run.Resources.FindProfile(profileUrl) is not { } profile || definitions.IsSameOrSubtypeOf(type, profile.Type))
            {
                // An unknown target profile cannot rule a type out.
                return true;
            }
        }

        return false;
    }

    /// <summary>Syntax of a non-local reference; outputs the resource type its URL names, when it names one.</summary>
    private bool CheckFormat(string reference, ElementNode node, ValidationRun run, out string? impliedType)
    {
        impliedType = null;
        if (reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            // urn:uuid and urn:oid name Bundle entries; their syntax is the fullUrl's business.
            return true;
        }

        if (reference.Contains('?', StringComparison.Ordinal))
        {
            // A conditional reference (Type?search), resolved by the server that processes a transaction.
            var type = reference[..reference.IndexOf('?', StringComparison.Ordinal)];
            impliedType = run.Resources.Definitions.IsResourceType(type) ? type : null;
            return true;
        }

        var (target, _) = BundleIndex.SplitVersion(reference);
        var segments = target.Split('/');
        if (segments.Length >= 2)
        {
            var type = segments[^2];
            if (run.Resources.Definitions.IsResourceType(type))
            {
                impliedType = type;
                if (!BundleIndex.IsAbsolute(reference) && !Id().IsMatch(segments[^1]))
                {
                    run.Error("value", $"The reference '{Texts.Shorten(reference)}' has an invalid id ('{Texts.Shorten(segments[^1])}').", node);
                    return false;
                }
            }
            else if (IsTypeName(type) && (!BundleIndex.IsAbsolute(reference) && segments.Length == 2 || BundleIndex.RestfulBase(reference) is not null))
            {
                run.Error("structure", $"The resource type {type} in the reference {Texts.Shorten(reference)} is not valid.", node);
                return false;
            }
        }

        if (reference.Contains(' ', StringComparison.Ordinal))
        {
            run.Error("value", $"The reference '{Texts.Shorten(reference)}' is not a valid reference (it contains spaces).", node);
            return false;
        }

        return true;
    }

    private static (ElementNode? Target, string Mode) ResolveInBundle(string reference, string? impliedType, ElementNode node, ValidationRun run)
    {
        // The entry resource holding the reference: climb out of contained resources to the entry level.
        var resource = node.ContainingResource();
        while (resource is { Name: "contained", Parent: { } parent } && parent.ContainingResource() is { } outer)
        {
            resource = outer;
        }

        var entry = resource?.Parent;
        if (resource is null || entry is not { Name: "entry" } || entry.Parent is not { InstanceType: "Bundle" } bundle)
        {
            return (null, "referenced");
        }

        var index = run.IndexFor(bundle);
        var (matches, byFullUrl) = index.Resolve(reference, index.EntryOf(resource));
        if (matches.Count > 1)
        {
            if (byFullUrl)
            {
                run.Error("structure", $"Multiple matches in bundle for reference {Texts.Shorten(reference)}.", node);
            }
            else
            {
                run.Warning("structure", $"The bundle has several resources matching {Texts.Shorten(reference)} by type and id, and no fullUrl to resolve it by.", node);
            }

            return (null, "bundled");
        }

        if (matches.Count == 1)
        {
            var found = matches[0].Resource;
            if (found is not null && impliedType is not null && found.InstanceType != impliedType)
            {
                run.Error("structure", $"Matching reference for reference {Texts.Shorten(reference)} has resourceType {found.InstanceType}.", node);
            }

            return (found, "bundled");
        }

        if (byFullUrl && !BundleIndex.IsAbsolute(reference) && index.WithTypeAndId(reference).Count > 0)
        {
            run.Warning("structure", $"The bundle contains no match for {Texts.Shorten(reference)} by the rules of Bundle reference resolution (fullUrl), though it has a resource with that type and id.", node);
        }

        return (null, "referenced");
    }

    private static ElementNode? ResolveContained(string id, ElementNode node)
    {
        var container = node.ContainingResource();
        while (container is { Name: "contained", Parent: { } parent } && parent.ContainingResource() is { } outer)
        {
            container = outer;
        }

        if (container is null)
        {
            return null;
        }

        if (id.Length == 0)
        {
            return container;
        }

        foreach (var contained in container.ChildrenNamed("contained"))
        {
            if (contained.ChildText("id") == id)
            {
                return contained;
            }
        }

        return null;
    }

    private void CheckTargetProfiles(ElementNode node, string reference, ElementNode target, ValidationRun run)
    {
        var known = new List<StructureProfile>();
        foreach (var url in _profiles)
        {
            if (run.Resources.FindProfile(url) is { } profile)
            {
                if (ProfileWalker.Conforms(target, profile, run))
                {
                    return;
                }

                known.Add(profile);
            }
        }

        if (known.Count > 0)
        {
            run.Error("structure", $"Unable to find a profile match for {Texts.Shorten(reference)} among choices: {Texts.List(known.Select(p => p.VersionedUrl))}.", node);
        }
    }

    [GeneratedRegex("^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Oid();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
