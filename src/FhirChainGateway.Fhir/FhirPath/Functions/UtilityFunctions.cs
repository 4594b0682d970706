using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>iif, not, trace, type, is, as, aggregate, sort, children, descendants, comparable.</summary>
internal static class UtilityFunctions
{
    /// <summary>as() for R4 compatibility: filters a collection by type instead of requiring a single item.</summary>
    public static readonly FunctionSignature CollectionAs = new("as", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
    {
        List<FhirPathValue>? result = null;
        foreach (var item in focus)
        {
            if (call.TypeArgument!.Matches(item, frame.State.Model, exactForPrimitives: true))
            {
                (result ??= []).Add(item);
            }
        }

        return result ?? Collections.Empty;
    }, ArgumentKind.Type)
    {
        ResultType = b => new StaticType([b.TypeArgument!.ToTypeRef(b.Model)], b.Input.IsSingleton),
    };

    public static void Register(Action<FunctionSignature> add)
    {
        add(new("iif", 2, 3, Iif, ArgumentKind.Expression)
        {
            ArgumentsSeeInput = true,
            ResultType = b => b.Arguments.Count == 3
                ? StaticType.Union(b.Arguments[1].Type, b.Arguments[2].Type, b.Arguments[1].Type.IsSingleton && b.Arguments[2].Type.IsSingleton)
                : b.Arguments[1].Type,
            // Outside strict mode a single non-Boolean criterion counts as true, like any singleton where a Boolean is expected.
            Check = b => b.Strict && b.Arguments[0].Type is { IsKnown: true, Types.Count: > 0 } criterion && !criterion.Types.All(Checks.IsBooleanLike)
                ? $"iif() needs a Boolean criterion, but it is of type {criterion}"
                : null,
        });
        add(new("not", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
            Collections.Boolean(!BooleanLogic.ToBoolean(focus, "not()")))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("trace", 1, 2, Trace, ArgumentKind.Value, ArgumentKind.Expression) { ResultType = ResultTypes.SameAsInput });
        add(new("type", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
        {
            var result = new FhirPathValue[focus.Count];
            for (var i = 0; i < focus.Count; i++)
            {
                result[i] = FhirPathValue.FromTypeInfo(new FhirPathTypeInfo(focus[i].TypeNamespace, focus[i].TypeName));
            }

            return result;
        }));
        add(new("is", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            call.SingleInput(focus) is { } item
                ? Collections.Boolean(call.TypeArgument!.Matches(item, frame.State.Model, exactForPrimitives: false))
                : Collections.Empty, ArgumentKind.Type)
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("as", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            call.SingleInput(focus) is { } item && call.TypeArgument!.Matches(item, frame.State.Model, exactForPrimitives: true)
                ? [item]
                : Collections.Empty, ArgumentKind.Type)
        {
            ResultType = b => new StaticType([b.TypeArgument!.ToTypeRef(b.Model)], singleton: true),
        });
        add(new("aggregate", 1, 2, Aggregate, ArgumentKind.Expression, ArgumentKind.Value)
        {
            ResultType = b => b.Arguments[0].Type,
        });
        add(new("sort", 0, int.MaxValue, Sort, ArgumentKind.Expression) { ResultType = ResultTypes.SubsetOfInput });
        add(new("children", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => Children(focus))
        {
            ResultType = _ => StaticType.Unknown.AsUnordered(),
        });
        add(new("descendants", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => Descendants(focus))
        {
            ResultType = _ => StaticType.Unknown.AsUnordered(),
        });
        add(new("comparable", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
        {
            if (call.SingleInput(focus) is not { } item || call.SingleArgument(0, frame) is not { } other)
            {
                return Collections.Empty;
            }

            if (Primitives.ToSystem(item) is not FhirPathQuantity left || Primitives.ToSystem(other) is not FhirPathQuantity right)
            {
                throw new FhirPathEvaluationException("comparable() needs Quantity values.");
            }

            return Collections.Boolean(QuantityMath.AreComparable(left, right));
        })
        {
            ResultType = ResultTypes.Boolean,
        });
    }

    private static IReadOnlyList<FhirPathValue> Iif(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count > 1)
        {
            throw new FhirPathEvaluationException($"iif() needs at most one input item but got {focus.Count}.");
        }

        // The criterion and branches see the input as $this: ('x').iif($this = 'x', ...).
        var inner = new Frame(frame.State, focus, frame.Index, frame.Total);
        var criterion = BooleanLogic.ToBoolean(call.ArgumentIn(0, inner), "iif()");
        if (criterion == true)
        {
            return call.ArgumentIn(1, inner);
        }

        return call.ArgumentCount > 2 ? call.ArgumentIn(2, inner) : Collections.Empty;
    }

    private static IReadOnlyList<FhirPathValue> Trace(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var sink = frame.State.Context.Trace;
        if (sink is null)
        {
            return focus;
        }

        var name = call.StringArgument(0, frame) ?? string.Empty;
        if (call.ArgumentCount < 2)
        {
            sink(name, focus);
            return focus;
        }

        var projected = new List<FhirPathValue>();
        for (var i = 0; i < focus.Count; i++)
        {
            projected.AddRange(call.ArgumentFor(1, frame, focus[i], i));
        }

        sink(name, projected);
        return focus;
    }

    private static IReadOnlyList<FhirPathValue> Aggregate(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var total = call.ArgumentCount > 1 ? call.Argument(1, frame) : Collections.Empty;
        for (var i = 0; i < focus.Count; i++)
        {
            var itemFrame = new Frame(frame.State, [focus[i]], i, total);
            total = call.ArgumentIn(0, itemFrame);
        }

        return total;
    }

    private static IReadOnlyList<FhirPathValue> Sort(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count < 2)
        {
            return focus;
        }

        var keyCount = Math.Max(call.ArgumentCount, 1);
        var keys = new FhirPathValue?[focus.Count, keyCount];
        for (var i = 0; i < focus.Count; i++)
        {
            for (var k = 0; k < keyCount; k++)
            {
                if (call.ArgumentCount == 0)
                {
                    keys[i, k] = focus[i];
                    continue;
                }

                var key = call.ArgumentFor(k, frame, focus[i], i);
                keys[i, k] = key.Count switch
                {
                    0 => null,
                    1 => key[0],
                    _ => throw new FhirPathEvaluationException($"A sort key must be a single item but got {key.Count}."),
                };
            }
        }

        var order = Enumerable.Range(0, focus.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            for (var k = 0; k < keyCount; k++)
            {
                var left = keys[a, k];
                var right = keys[b, k];
                if (left is null || right is null)
                {
                    // Items without a key come first whatever the direction (the official tests expect this).
                    if (left is null != right is null)
                    {
                        return left is null ? -1 : 1;
                    }

                    continue;
                }

                var comparison = Ordering.Compare(left.Value, right.Value) ?? 0;
                if (comparison != 0)
                {
                    return call.IsDescending(k) ? -comparison : comparison;
                }
            }

            return a.CompareTo(b);
        });

        var result = new FhirPathValue[focus.Count];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = focus[order[i]];
        }

        return result;
    }

    private static IReadOnlyList<FhirPathValue> Children(IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count == 1 && focus[0].Node is { } single)
        {
            // ele-1 runs children().count() on every element: a view avoids copying the children.
            return new NodeListView(single.Children);
        }

        var result = new List<FhirPathValue>();
        foreach (var item in focus)
        {
            if (item.Node is { } node)
            {
                foreach (var child in node.Children)
                {
                    result.Add(FhirPathValue.FromNode(child));
                }
            }
        }

        return result;
    }

    private static IReadOnlyList<FhirPathValue> Descendants(IReadOnlyList<FhirPathValue> focus)
    {
        var result = new List<FhirPathValue>();
        foreach (var item in focus)
        {
            if (item.Node is { } node)
            {
                foreach (ElementNode descendant in node.Descendants())
                {
                    result.Add(FhirPathValue.FromNode(descendant));
                }
            }
        }

        return result;
    }
}
