using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Snapshots;

/// <summary>
/// A StructureDefinition ready for validation: its snapshot as a tree of <see cref="ElementDef"/> (generated from the
/// differential when the definition came without one), plus what the validator needs of the header (type, kind,
/// extension contexts). Immutable once built; the validator keeps compiled plans on its elements.
/// </summary>
public sealed class StructureProfile
{
    private readonly Dictionary<string, ElementDef> _byKey;

    internal StructureProfile(StructureProfileHeader header, IReadOnlyList<ElementDef> elements, ElementDef root, IReadOnlyList<string> problems)
    {
        Url = header.Url;
        Version = header.Version;
        Name = header.Name;
        Type = header.Type;
        Kind = header.Kind;
        Derivation = header.Derivation;
        BaseDefinition = header.BaseDefinition;
        IsAbstract = header.IsAbstract;
        Contexts = header.Contexts;
        ContextInvariants = header.ContextInvariants;
        IsCore = header.IsCore;
        SnapshotGenerated = header.SnapshotGenerated;
        Elements = elements;
        Root = root;
        Problems = problems;
        _byKey = new Dictionary<string, ElementDef>(elements.Count, StringComparer.Ordinal);
        foreach (var element in elements)
        {
            _byKey.TryAdd(element.Key, element);
        }
    }

    public string Url { get; }

    public string? Version { get; }

    public string Name { get; }

    /// <summary>The type constrained or defined (<c>Patient</c>, <c>Extension</c>, <c>Quantity</c>).</summary>
    public string Type { get; }

    public TypeKind Kind { get; }

    public StructureDerivation Derivation { get; }

    public string? BaseDefinition { get; }

    public bool IsAbstract { get; }

    /// <summary>For extension definitions: where the extension may be used.</summary>
    public IReadOnlyList<ExtensionContextInfo> Contexts { get; }

    /// <summary>For extension definitions: FHIRPath conditions on the element the extension is used on.</summary>
    public IReadOnlyList<string> ContextInvariants { get; }

    /// <summary>True for the HL7 core definitions (types, resources, core profiles and extensions).</summary>
    public bool IsCore { get; }

    /// <summary>True when the snapshot was generated here from the differential.</summary>
    public bool SnapshotGenerated { get; }

    /// <summary>Problems met while generating the snapshot (differential elements that matched nothing, ...).</summary>
    public IReadOnlyList<string> Problems { get; }

    public ElementDef Root { get; }

    /// <summary>The snapshot elements in definition order.</summary>
    public IReadOnlyList<ElementDef> Elements { get; }

    /// <summary>True for extension definitions.</summary>
    public bool IsExtension => Type == "Extension" && Derivation == StructureDerivation.Constraint;

    /// <summary>True when the extension's root is a modifier (a modifierExtension definition).</summary>
    public bool IsModifierExtension => IsExtension && Root.IsModifier;

    /// <summary>The canonical URL with the version, as messages show it.</summary>
    public string VersionedUrl => Version is null ? Url : Url + "|" + Version;

    public ElementDef? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>An element by path among the unsliced elements (<c>Questionnaire.item</c> for content references).</summary>
    public ElementDef? FindByPath(string path)
    {
        if (_byKey.TryGetValue(path, out var element))
        {
            return element;
        }

        foreach (var candidate in Elements)
        {
            if (candidate.Path == path && candidate.SliceName is null)
            {
                return candidate;
            }
        }

        return null;
    }

    public override string ToString() => VersionedUrl;
}

/// <summary>The header facts of a StructureDefinition a profile is built with.</summary>
internal sealed record StructureProfileHeader
{
    public required string Url { get; init; }

    public string? Version { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public TypeKind Kind { get; init; }

    public StructureDerivation Derivation { get; init; }

    public string? BaseDefinition { get; init; }

    public bool IsAbstract { get; init; }

    public IReadOnlyList<ExtensionContextInfo> Contexts { get; init; } = [];

    public IReadOnlyList<string> ContextInvariants { get; init; } = [];

    public bool IsCore { get; init; }

    public bool SnapshotGenerated { get; init; }
}
