using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>The ordering behind <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c> and <c>sort()</c>.</summary>
internal static class Ordering
{
    /// <summary>
    /// Negative, zero or positive; null when the answer is unknown (date precisions, incomparable units) or a side
    /// has no value. Values of types that have no common ordering raise an evaluation error.
    /// </summary>
    public static int? Compare(in FhirPathValue left, in FhirPathValue right)
    {
        var a = Primitives.ToSystem(left);
        var b = Primitives.ToSystem(right);
        if (a is null || b is null)
        {
            if (left.Node is { } node && a is null && SystemTypes.SystemTypeOf(node.InstanceType) is null)
            {
                throw NotComparable(left, right);
            }

            return null;
        }

        return CompareValues(a, b) ?? (IsComparablePair(a, b) ? null : throw NotComparable(left, right));
    }

    private static int? CompareValues(object a, object b)
    {
        if (Numbers.TryGetDecimal(a, out var da) && Numbers.TryGetDecimal(b, out var db))
        {
            return da.CompareTo(db);
        }

        switch (a)
        {
            case string sa when b is string sb:
                return string.CompareOrdinal(sa, sb);
            case PartialTemporal ta when b is PartialTemporal tb && TemporalComparer.AreComparable(ta, tb):
                return TemporalComparer.Compare(ta, tb, forEquality: false);
            case FhirPathQuantity qa when b is FhirPathQuantity qb:
                return QuantityMath.Compare(qa, qb);
            case FhirPathQuantity qa when Numbers.TryGetDecimal(b, out var nb):
                return QuantityMath.Compare(qa, new FhirPathQuantity(nb));
            case var _ when Numbers.TryGetDecimal(a, out var na) && b is FhirPathQuantity qb:
                return QuantityMath.Compare(new FhirPathQuantity(na), qb);
            default:
                return null;
        }
    }

    private static bool IsComparablePair(object a, object b) =>
        (Numbers.IsNumber(a) && Numbers.IsNumber(b))
        || (a is string && b is string)
        || (a is PartialTemporal ta && b is PartialTemporal tb && TemporalComparer.AreComparable(ta, tb))
        || (a is FhirPathQuantity && (b is FhirPathQuantity || Numbers.IsNumber(b)))
        || (Numbers.IsNumber(a) && b is FhirPathQuantity);

    private static FhirPathEvaluationException NotComparable(in FhirPathValue left, in FhirPathValue right) =>
        new($"Cannot compare a {Describe(left)} with a {Describe(right)}.");

    internal static string Describe(in FhirPathValue value) => $"{value.TypeNamespace}.{value.TypeName}";
}
