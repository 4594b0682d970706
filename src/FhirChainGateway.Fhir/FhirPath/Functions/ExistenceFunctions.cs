using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>empty, exists, all, allTrue, anyTrue, allFalse, anyFalse, subsetOf, supersetOf, count, distinct, isDistinct.</summary>
internal static class ExistenceFunctions
{
    public static void Register(Action<FunctionSignature> add)
    {
        add(new("empty", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => Collections.Boolean(focus.Count == 0))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("exists", 0, 1, Exists, ArgumentKind.Expression) { ResultType = ResultTypes.Boolean });
        add(new("all", 1, 1, All, ArgumentKind.Expression) { ResultType = ResultTypes.Boolean });
        add(new("allTrue", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) => BooleanAggregate(call, focus, expected: true, all: true))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("anyTrue", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) => BooleanAggregate(call, focus, expected: true, all: false))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("allFalse", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) => BooleanAggregate(call, focus, expected: false, all: true))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("anyFalse", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) => BooleanAggregate(call, focus, expected: false, all: false))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("subsetOf", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) => Collections.Boolean(IsSubset(focus, call.Argument(0, frame))))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("supersetOf", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) => Collections.Boolean(IsSubset(call.Argument(0, frame), focus)))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("count", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => [FhirPathValue.FromInteger(focus.Count)])
        {
            ResultType = ResultTypes.Integer,
        });
        add(new("distinct", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => CollectionOperations.Distinct(focus))
        {
            ResultType = ResultTypes.SubsetOfInput,
        });
        add(new("isDistinct", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => Collections.Boolean(CollectionOperations.IsDistinct(focus)))
        {
            ResultType = ResultTypes.Boolean,
        });
    }

    /// <summary>
    /// Whether a criteria result counts as true. Lenient like the reference engines: a single Boolean decides, and
    /// any other non-empty result counts as true (<c>where(given)</c> keeps names that have a given name).
    /// </summary>
    internal static bool IsTrue(IReadOnlyList<FhirPathValue> result)
    {
        if (result.Count == 0)
        {
            return false;
        }

        if (result.Count == 1)
        {
            var item = result[0];
            if (item.Item is bool value)
            {
                return value;
            }

            if (item.Node is { InstanceType: "boolean" } node)
            {
                return node.Text == "true";
            }
        }

        return true;
    }

    private static IReadOnlyList<FhirPathValue> Exists(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (call.ArgumentCount == 0)
        {
            return Collections.Boolean(focus.Count > 0);
        }

        for (var i = 0; i < focus.Count; i++)
        {
            if (IsTrue(call.ArgumentFor(0, frame, focus[i], i)))
            {
                return Collections.True;
            }
        }

        return Collections.False;
    }

    private static IReadOnlyList<FhirPathValue> All(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        for (var i = 0; i < focus.Count; i++)
        {
            if (!IsTrue(call.ArgumentFor(0, frame, focus[i], i)))
            {
                return Collections.False;
            }
        }

        return Collections.True;
    }

    private static IReadOnlyList<FhirPathValue> BooleanAggregate(FunctionEvaluator call, IReadOnlyList<FhirPathValue> focus, bool expected, bool all)
    {
        foreach (var item in focus)
        {
            var value = Primitives.ToSystem(item) switch
            {
                bool b => b,
                null when item.Node is { InstanceType: "boolean" } => (bool?)null,
                _ => throw new FhirPathEvaluationException($"{call.Name}() needs Boolean items but got a {Ordering.Describe(item)}."),
            };
            if (value is null)
            {
                continue;
            }

            var matches = value == expected;
            if (all && !matches)
            {
                return Collections.False;
            }

            if (!all && matches)
            {
                return Collections.True;
            }
        }

        return Collections.Boolean(all);
    }

    private static bool IsSubset(IReadOnlyList<FhirPathValue> subset, IReadOnlyList<FhirPathValue> superset)
    {
        foreach (var item in subset)
        {
            if (!CollectionOperations.Contains(superset, item))
            {
                return false;
            }
        }

        return true;
    }
}
