using FhirChainGateway.Fhir.Snapshots;
using FhirChainGateway.Fhir.Validation.Profiles.Checks;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// The compiled form of one element definition: its checks in the order they run, and (built on first need) the
/// slots of its children with their slicing. Kept on the <see cref="ElementDef"/>, so each definition compiles once
/// per process however many resources it validates.
/// </summary>
internal sealed class ElementPlan(ElementDef def, INodeCheck[] checks)
{
    private ChildSet? _children;

    public ElementDef Def { get; } = def;

    public INodeCheck[] Checks { get; } = checks;

    /// <summary>The child slots when the definition has children of its own (or through its content reference).</summary>
    public ChildSet Children(IReadOnlyList<ElementDef> children)
    {
        var set = _children;
        if (set is not null)
        {
            return set;
        }

        set = new ChildSet(children);
        return Interlocked.CompareExchange(ref _children, set, null) ?? set;
    }
}

/// <summary>The child element definitions of a parent, findable by instance name.</summary>
internal sealed class ChildSet
{
    private readonly Dictionary<string, int> _index;

    public ChildSet(IReadOnlyList<ElementDef> children)
    {
        Slots = new ChildSlot[children.Count];
        _index = new Dictionary<string, int>(children.Count, StringComparer.Ordinal);
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            Slots[i] = new ChildSlot(child, i);
            _index.TryAdd(child.Name, i);
        }
    }

    public ChildSlot[] Slots { get; }

    /// <summary>The slot index of a child element name, or -1.</summary>
    public int Find(string name) => _index.TryGetValue(name, out var index) ? index : -1;
}

/// <summary>One child element definition with how its instances are distributed (extension slots and sliced ones are handled as a group).</summary>
internal sealed class ChildSlot(ElementDef def, int index)
{
    public ElementDef Def { get; } = def;

    public int Index { get; } = index;

    /// <summary>True for <c>extension</c> and <c>modifierExtension</c>: instances are resolved by url.</summary>
    public bool IsExtension { get; } = def.Name is "extension" or "modifierExtension" && def.Types.Count == 1 && def.Types[0].Code == "Extension";

    public bool IsSliced => Def.Slices.Count > 0;

    /// <summary>Whether instances must be handled together (slicing, extensions) rather than one by one.</summary>
    public bool IsGroup => IsExtension || IsSliced;

    public bool HasCardinality => Def.Min > 0 || Def.Max is not null;
}
