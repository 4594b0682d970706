using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Binding;

/// <summary>
/// What the compiler knows about an expression's result: the possible item types (none listed means "unknown"),
/// whether it is at most one item, and whether its order is meaningful.
/// </summary>
internal sealed class StaticType
{
    public static readonly StaticType Unknown = new([], singleton: false, ordered: true, known: false);
    public static readonly StaticType Empty = new([], singleton: true, ordered: true, known: true);
    public static readonly StaticType Boolean = System(SystemTypes.Boolean);
    public static readonly StaticType String = System(SystemTypes.String);
    public static readonly StaticType Integer = System(SystemTypes.Integer);
    public static readonly StaticType Decimal = System(SystemTypes.Decimal);
    public static readonly StaticType Date = System(SystemTypes.Date);
    public static readonly StaticType DateTime = System(SystemTypes.DateTime);
    public static readonly StaticType Time = System(SystemTypes.Time);
    public static readonly StaticType Quantity = System(SystemTypes.Quantity);

    public StaticType(IReadOnlyList<TypeRef> types, bool singleton, bool ordered = true, bool known = true)
    {
        Types = types;
        IsSingleton = singleton;
        IsOrdered = ordered;
        IsKnown = known;
    }

    /// <summary>The possible item types; meaningful only when <see cref="IsKnown"/>.</summary>
    public IReadOnlyList<TypeRef> Types { get; }

    /// <summary>True when the types are known (false for anything computed from untyped data).</summary>
    public bool IsKnown { get; }

    /// <summary>True when the expression is known to be empty.</summary>
    public bool IsEmpty => IsKnown && Types.Count == 0;

    /// <summary>At most one item.</summary>
    public bool IsSingleton { get; }

    /// <summary>False for results whose order the specification leaves undefined (<c>children()</c>, <c>descendants()</c>).</summary>
    public bool IsOrdered { get; }

    public static StaticType System(string name, bool singleton = true) => new([TypeRef.SystemType(name)], singleton);

    public static StaticType Of(TypeRef type, bool singleton) => new([type], singleton);

    public StaticType AsCollection() => IsSingleton ? new StaticType(Types, singleton: false, IsOrdered, IsKnown) : this;

    public StaticType AsSingleton() => IsSingleton ? this : new StaticType(Types, singleton: true, IsOrdered, IsKnown);

    public StaticType AsUnordered() => IsOrdered ? new StaticType(Types, IsSingleton, ordered: false, IsKnown) : this;

    /// <summary>True when every possible item type satisfies the predicate (false when unknown).</summary>
    public bool All(Func<TypeRef, bool> predicate) => IsKnown && Types.Count > 0 && Types.All(predicate);

    /// <summary>The union of two static types (for <c>|</c>, <c>combine()</c>, <c>iif()</c>).</summary>
    public static StaticType Union(StaticType a, StaticType b, bool singleton)
    {
        if (!a.IsKnown || !b.IsKnown)
        {
            return singleton ? Unknown.AsSingleton() : Unknown;
        }

        var types = new List<TypeRef>(a.Types);
        foreach (var type in b.Types)
        {
            if (!types.Exists(t => t.Namespace == type.Namespace && t.Name == type.Name))
            {
                types.Add(type);
            }
        }

        return new StaticType(types, singleton, a.IsOrdered && b.IsOrdered);
    }

    public override string ToString() => IsKnown ? string.Join(" | ", Types) + (IsSingleton ? string.Empty : "[*]") : "?";
}
