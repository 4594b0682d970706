namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Set-like operations on collections using FHIRPath equality (items whose equality is unknown are different).</summary>
internal static class CollectionOperations
{
    public static bool Contains(IReadOnlyList<FhirPathValue> collection, in FhirPathValue item)
    {
        for (var i = 0; i < collection.Count; i++)
        {
            if (Equality.ItemsEqual(collection[i], item) == true)
            {
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<FhirPathValue> Union(IReadOnlyList<FhirPathValue> left, IReadOnlyList<FhirPathValue> right)
    {
        if (left.Count == 0 && right.Count == 0)
        {
            return Collections.Empty;
        }

        var result = new List<FhirPathValue>(left.Count + right.Count);
        AddDistinct(result, left);
        AddDistinct(result, right);
        return result;
    }

    public static IReadOnlyList<FhirPathValue> Distinct(IReadOnlyList<FhirPathValue> items)
    {
        if (items.Count < 2)
        {
            return items;
        }

        var result = new List<FhirPathValue>(items.Count);
        AddDistinct(result, items);
        return result;
    }

    public static bool IsDistinct(IReadOnlyList<FhirPathValue> items)
    {
        for (var i = 1; i < items.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Equality.ItemsEqual(items[i], items[j]) == true)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static IReadOnlyList<FhirPathValue> Intersect(IReadOnlyList<FhirPathValue> left, IReadOnlyList<FhirPathValue> right)
    {
        var result = new List<FhirPathValue>();
        foreach (var item in left)
        {
            if (Contains(right, item) && !Contains(result, item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    public static IReadOnlyList<FhirPathValue> Exclude(IReadOnlyList<FhirPathValue> left, IReadOnlyList<FhirPathValue> right)
    {
        var result = new List<FhirPathValue>(left.Count);
        foreach (var item in left)
        {
            if (!Contains(right, item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    public static IReadOnlyList<FhirPathValue> Combine(IReadOnlyList<FhirPathValue> left, IReadOnlyList<FhirPathValue> right)
    {
        if (right.Count == 0)
        {
            return left;
        }

        if (left.Count == 0)
        {
            return right;
        }

        var result = new List<FhirPathValue>(left.Count + right.Count);
        result.AddRange(left);
        result.AddRange(right);
        return result;
    }

    private static void AddDistinct(List<FhirPathValue> result, IReadOnlyList<FhirPathValue> items)
    {
        foreach (var item in items)
        {
            if (!Contains(result, item))
            {
                result.Add(item);
            }
        }
    }
}
