using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// FHIRPath equality (<c>=</c>, three-valued) and equivalence (<c>~</c>, two-valued), for items and collections.
/// Primitives compare by their System values; complex elements compare member by member.
/// </summary>
internal static class Equality
{
    /// <summary><c>=</c> on collections: empty when either side is empty or an item comparison is unknown.</summary>
    public static bool? CollectionsEqual(IReadOnlyList<FhirPathValue> left, IReadOnlyList<FhirPathValue> right)
    {
        if (left.Count == 0 || right.Count == 0)
        {
            return null;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        var unknown = false;
        for (var i = 0; i < left.Count; i++)
        {
            switch (ItemsEqual(left[i], right[i]))
            {
                case false:
                    return false;
                case null:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : true;
    }

    /// <summary><c>~</c> on collections: order does not matter and two empty collections are equivalent.</summary>
    public static bool CollectionsEquivalent(IReadOnlyList<FhirPathValue> left, IReadOnlyList<FhirPathValue> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        if (left.Count == 1)
        {
            return ItemsEquivalent(left[0], right[0]);
        }

        var used = new bool[right.Count];
        foreach (var item in left)
        {
            var found = false;
            for (var j = 0; j < right.Count; j++)
            {
                if (!used[j] && ItemsEquivalent(item, right[j]))
                {
                    used[j] = true;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public static bool? ItemsEqual(in FhirPathValue left, in FhirPathValue right)
    {
        if (TryComplexPair(left, right, out var leftNode, out var rightNode, out var mixed))
        {
            return !mixed && NodesEqual(leftNode!, rightNode!);
        }

        var a = Primitives.ToSystem(left);
        var b = Primitives.ToSystem(right);
        if (a is null || b is null)
        {
            return null;
        }

        return ValuesEqual(a, b);
    }

    public static bool ItemsEquivalent(in FhirPathValue left, in FhirPathValue right)
    {
        if (TryComplexPair(left, right, out var leftNode, out var rightNode, out var mixed))
        {
            return !mixed && NodesEquivalent(leftNode!, rightNode!);
        }

        var a = Primitives.ToSystem(left);
        var b = Primitives.ToSystem(right);
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return ValuesEquivalent(a, b);
    }

    /// <summary>Equality of two System values; null when the answer is unknown (date precision, incomparable units).</summary>
    public static bool? ValuesEqual(object a, object b)
    {
        switch (a)
        {
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool ba:
                return b is bool bb && ba == bb;
            case PartialTemporal ta:
                return b is PartialTemporal tb && TemporalComparer.AreComparable(ta, tb) ? TemporalComparer.AreEqual(ta, tb) : false;
            case FhirPathQuantity qa:
                return b is FhirPathQuantity qb ? QuantityMath.AreEqual(qa, qb)
                    : Numbers.TryGetDecimal(b, out var nb) ? QuantityMath.AreEqual(qa, new FhirPathQuantity(nb)) : false;
            case FhirPathTypeInfo ia:
                return b is FhirPathTypeInfo ib && ia == ib;
        }

        if (Numbers.TryGetDecimal(a, out var da))
        {
            if (Numbers.TryGetDecimal(b, out var db))
            {
                return da == db;
            }

            return b is FhirPathQuantity qb ? QuantityMath.AreEqual(new FhirPathQuantity(da), qb) : false;
        }

        return false;
    }

    private static bool ValuesEquivalent(object a, object b)
    {
        switch (a)
        {
            case string sa:
                return b is string sb && string.Equals(NormalizeWhitespace(sa), NormalizeWhitespace(sb), StringComparison.OrdinalIgnoreCase);
            case bool ba:
                return b is bool bb && ba == bb;
            case PartialTemporal ta:
                return b is PartialTemporal tb && TemporalComparer.AreComparable(ta, tb) && TemporalComparer.AreEquivalent(ta, tb);
            case FhirPathQuantity qa:
                return b is FhirPathQuantity qb && QuantityMath.AreEquivalent(qa, qb);
            case FhirPathTypeInfo ia:
                return b is FhirPathTypeInfo ib && ia == ib;
        }

        if (Numbers.TryGetDecimal(a, out var da) && Numbers.TryGetDecimal(b, out var db))
        {
            var scale = Math.Min(da.Scale, db.Scale);
            return Math.Round(da, scale, MidpointRounding.AwayFromZero) == Math.Round(db, scale, MidpointRounding.AwayFromZero);
        }

        return false;
    }

    /// <summary>
    /// True when both items are complex elements (compared structurally); <paramref name="mixed"/> reports a complex
    /// element against a primitive or System value, which are never equal.
    /// </summary>
    private static bool TryComplexPair(in FhirPathValue left, in FhirPathValue right, out ElementNode? leftNode, out ElementNode? rightNode, out bool mixed)
    {
        leftNode = left.Node;
        rightNode = right.Node;
        var leftComplex = leftNode is not null && SystemTypes.SystemTypeOf(leftNode.InstanceType) is null;
        var rightComplex = rightNode is not null && SystemTypes.SystemTypeOf(rightNode.InstanceType) is null;
        mixed = leftComplex != rightComplex;
        return leftComplex || rightComplex;
    }

    private static bool NodesEqual(ElementNode left, ElementNode right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (!PrimitivePartsEqual(left, right, equivalent: false))
        {
            return false;
        }

        var a = left.Children;
        var b = right.Children;
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Name != b[i].Name || !NodesEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NodesEquivalent(ElementNode left, ElementNode right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (!PrimitivePartsEqual(left, right, equivalent: true))
        {
            return false;
        }

        var a = left.Children;
        var b = right.Children;
        if (a.Count != b.Count)
        {
            return false;
        }

        var used = new bool[b.Count];
        foreach (var child in a)
        {
            var found = false;
            for (var j = 0; j < b.Count; j++)
            {
                if (!used[j] && b[j].Name == child.Name && NodesEquivalent(child, b[j]))
                {
                    used[j] = true;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool PrimitivePartsEqual(ElementNode left, ElementNode right, bool equivalent)
    {
        if (left.Text is null || right.Text is null)
        {
            return left.Text is null && right.Text is null;
        }

        var a = Primitives.ToSystem(FhirPathValue.FromNode(left)) ?? left.Text;
        var b = Primitives.ToSystem(FhirPathValue.FromNode(right)) ?? right.Text;
        return equivalent ? ValuesEquivalent(a, b) : ValuesEqual(a, b) == true;
    }

    private static string NormalizeWhitespace(string text)
    {
        var needsWork = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (text[i] != ' ' || i == 0 || i == text.Length - 1 || text[i + 1] == ' '))
            {
                needsWork = true;
                break;
            }
        }

        return needsWork ? string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : text;
    }
}
