using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>where, select, repeat, ofType.</summary>
internal static class FilteringFunctions
{
    public static void Register(Action<FunctionSignature> add)
    {
        add(new("where", 1, 1, Where, ArgumentKind.Expression) { ResultType = ResultTypes.SubsetOfInput });
        add(new("select", 1, 1, Select, ArgumentKind.Expression)
        {
            ResultType = b => b.Input.IsSingleton ? b.Arguments[0].Type : b.Arguments[0].Type.AsCollection(),
        });
        add(new("repeat", 1, 1, Repeat, ArgumentKind.Expression) { ResultType = b => b.Arguments[0].Type.AsCollection() });
        add(new("ofType", 1, 1, OfType, ArgumentKind.Type)
        {
            ResultType = b => new StaticType([b.TypeArgument!.ToTypeRef(b.Model)], b.Input.IsSingleton),
        });
    }

    private static IReadOnlyList<FhirPathValue> Where(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count == 0)
        {
            return Collections.Empty;
        }

        List<FhirPathValue>? result = null;
        for (var i = 0; i < focus.Count; i++)
        {
            if (ExistenceFunctions.IsTrue(call.ArgumentFor(0, frame, focus[i], i)))
            {
                (result ??= new List<FhirPathValue>(focus.Count - i)).Add(focus[i]);
            }
        }

        return result ?? Collections.Empty;
    }

    private static IReadOnlyList<FhirPathValue> Select(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count == 0)
        {
            return Collections.Empty;
        }

        if (focus.Count == 1)
        {
            return call.ArgumentFor(0, frame, focus[0], 0);
        }

        var result = new List<FhirPathValue>(focus.Count);
        for (var i = 0; i < focus.Count; i++)
        {
            result.AddRange(call.ArgumentFor(0, frame, focus[i], i));
        }

        return result;
    }

    /// <summary>
    /// Applies the projection to the input, then to its results, and so on until nothing new appears. Elements are
    /// new when they are not the very same node (so equal-looking siblings are all kept); other values when no equal
    /// value was seen.
    /// </summary>
    private static IReadOnlyList<FhirPathValue> Repeat(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var result = new List<FhirPathValue>();
        var seenNodes = new HashSet<ElementNode>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<FhirPathValue>(focus);
        while (pending.Count > 0)
        {
            var item = pending.Dequeue();
            var projected = call.ArgumentFor(0, frame, item, 0);
            foreach (var next in projected)
            {
                var isNew = next.Node is { } node ? seenNodes.Add(node) : !CollectionOperations.Contains(result, next);
                if (isNew)
                {
                    result.Add(next);
                    pending.Enqueue(next);
                }
            }
        }

        return result;
    }

    private static IReadOnlyList<FhirPathValue> OfType(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        List<FhirPathValue>? result = null;
        var type = call.TypeArgument!;
        foreach (var item in focus)
        {
            if (type.Matches(item, frame.State.Model, exactForPrimitives: true))
            {
                (result ??= []).Add(item);
            }
        }

        return result ?? Collections.Empty;
    }
}
