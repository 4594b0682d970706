using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Snapshots;

/// <summary>
/// One element of a StructureDefinition snapshot, with everything validation needs (cardinality, types, fixed and
/// pattern values, value limits, binding, invariants, slicing). Immutable data; the snapshot generator derives
/// changed copies with <c>with</c>. <see cref="Children"/> and <see cref="Slices"/> are the profile's tree, set once by
/// <see cref="ProfileTreeBuilder"/> when the owning <see cref="StructureProfile"/> is built.
/// </summary>
/// <remarks>Equality is identity: an element is one position in one profile, never a value.</remarks>
public sealed record ElementDef
{
    /// <summary>
    /// The structural id, in ElementDefinition.id form (<c>Observation.component:systolic.code</c>): unique in the
    /// profile and the key the tree is built by. Recomputed from path and slice names, so sloppy declared ids do not
    /// break the tree.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>Path without slice names, e.g. <c>Observation.component.code</c> or <c>Observation.value[x]</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Last path segment without <c>[x]</c>: the JSON name (or the choice's stem) of the element.</summary>
    public required string Name { get; init; }

    public bool IsChoice { get; init; }

    /// <summary>ElementDefinition.sliceName for the entry element of a slice; null otherwise.</summary>
    public string? SliceName { get; init; }

    public int Min { get; init; }

    /// <summary>Maximum cardinality; null means <c>*</c>.</summary>
    public int? Max { get; init; }

    public IReadOnlyList<ElementTypeRef> Types { get; init; } = [];

    /// <summary>For <c>#Questionnaire.item</c> style elements: the referenced element's path (or id).</summary>
    public string? ContentReference { get; init; }

    public TypedJsonValue? Fixed { get; init; }

    public TypedJsonValue? Pattern { get; init; }

    public TypedJsonValue? MinValue { get; init; }

    public TypedJsonValue? MaxValue { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>Minimum length of strings (the <c>minLength</c> extension).</summary>
    public int? MinLength { get; init; }

    public BindingDef? Binding { get; init; }

    public IReadOnlyList<ElementConstraint> Constraints { get; init; } = [];

    public SlicingDef? Slicing { get; init; }

    public bool IsModifier { get; init; }

    public bool MustSupport { get; init; }

    /// <summary>ElementDefinition.base.path: the element this one constrains in the core type (null when unknown).</summary>
    public string? BasePath { get; init; }

    /// <summary>ElementDefinition.base.max as declared (<c>*</c>, <c>1</c>...): decides whether instances repeat.</summary>
    public string? BaseMax { get; init; }

    /// <summary>The children of this element in the profile (empty when the profile leaves them to the type).</summary>
    public IReadOnlyList<ElementDef> Children { get; internal set; } = [];

    /// <summary>The named slices of this element, in definition order.</summary>
    public IReadOnlyList<ElementDef> Slices { get; internal set; } = [];

    /// <summary>For a slice entry: the sliced element it belongs to.</summary>
    public ElementDef? SlicedElement { get; internal set; }

    /// <summary>The profile this element belongs to.</summary>
    public StructureProfile? Owner { get; internal set; }

    /// <summary>The validator's compiled plan for this element (built on first use and kept with the profile).</summary>
    internal object? Plan;

    public bool IsRequired => Min > 0;

    public bool IsProhibited => Max == 0;

    /// <summary>The allowed type codes.</summary>
    public IEnumerable<string> TypeCodes => Types.Select(t => t.Code);

    /// <summary>The type reference for a type code, or null when the element does not allow it.</summary>
    public ElementTypeRef? FindType(string code)
    {
        var types = Types;
        for (var i = 0; i < types.Count; i++)
        {
            if (string.Equals(types[i].Code, code, StringComparison.Ordinal))
            {
                return types[i];
            }
        }

        return null;
    }

    public ElementDef? FindChild(string name)
    {
        var children = Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (string.Equals(children[i].Name, name, StringComparison.Ordinal))
            {
                return children[i];
            }
        }

        return null;
    }

    public ElementDef? FindSlice(string sliceName)
    {
        var slices = Slices;
        for (var i = 0; i < slices.Count; i++)
        {
            if (string.Equals(slices[i].SliceName, sliceName, StringComparison.Ordinal))
            {
                return slices[i];
            }
        }

        return null;
    }

    public bool Equals(ElementDef? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => Key;
}

/// <summary>ElementDefinition.type: a type code with the profiles its values (or reference targets) must conform to.</summary>
public sealed record ElementTypeRef(string Code, IReadOnlyList<string> Profiles, IReadOnlyList<string> TargetProfiles, IReadOnlyList<string> Aggregation)
{
    public static ElementTypeRef Of(string code) => new(code, [], [], []);
}

/// <summary>A <c>fixed[x]</c>, <c>pattern[x]</c>, <c>minValue[x]</c> or <c>maxValue[x]</c>: the FHIR type and the JSON value.</summary>
public sealed record TypedJsonValue(string Type, JsonElement Value)
{
    public override string ToString() => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : Value.GetRawText();
}

/// <summary>ElementDefinition.binding, with the additional bindings (tools extension) that are checked like required ones.</summary>
public sealed record BindingDef(BindingStrength Strength, string? ValueSet, IReadOnlyList<AdditionalBindingDef> Additional)
{
    public static BindingDef Of(BindingStrength strength, string? valueSet) => new(strength, valueSet, []);
}

/// <summary>An additional binding (<c>required</c>/<c>current</c> purposes are enforced, others only inform).</summary>
public sealed record AdditionalBindingDef(string Purpose, string ValueSet);

public enum SlicingRules
{
    Open,
    Closed,
    OpenAtEnd,
}

public enum DiscriminatorType
{
    Value,
    Exists,
    Pattern,
    Type,
    Profile,
    Position,
}

public sealed record Discriminator(DiscriminatorType Type, string Path);

public sealed record SlicingDef(IReadOnlyList<Discriminator> Discriminators, bool Ordered, SlicingRules Rules);
