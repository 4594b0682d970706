using System.Collections.Frozen;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>single, first, last, tail, skip, take, intersect, exclude, union, combine.</summary>
internal static class SubsettingFunctions
{
    /// <summary>The functions whose result depends on the input order (checked under CheckOrderedFunctions).</summary>
    public static readonly FrozenSet<string> OrderDependent =
        new[] { "first", "last", "tail", "skip", "take", "single" }.ToFrozenSet(StringComparer.Ordinal);

    public static void Register(Action<FunctionSignature> add)
    {
        add(new("single", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) => focus.Count switch
        {
            0 or 1 => focus,
            _ => throw new FhirPathEvaluationException($"single() needs at most one item but got {focus.Count}."),
        })
        {
            ResultType = ResultTypes.SingleOfInput,
        });
        add(new("first", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => focus.Count <= 1 ? focus : [focus[0]])
        {
            ResultType = ResultTypes.SingleOfInput,
        });
        add(new("last", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => focus.Count <= 1 ? focus : [focus[^1]])
        {
            ResultType = ResultTypes.SingleOfInput,
        });
        add(new("tail", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => Slice(focus, 1, int.MaxValue))
        {
            ResultType = ResultTypes.SubsetOfInput,
        });
        add(new("skip", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            Slice(focus, RequireCount(call, frame), int.MaxValue))
        {
            ResultType = ResultTypes.SubsetOfInput,
            ArgumentTypes = [SystemTypes.Integer],
        });
        add(new("take", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            Slice(focus, 0, RequireCount(call, frame)))
        {
            ResultType = ResultTypes.SubsetOfInput,
            ArgumentTypes = [SystemTypes.Integer],
        });
        add(new("intersect", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            CollectionOperations.Intersect(focus, call.Argument(0, frame)))
        {
            ResultType = ResultTypes.SubsetOfInput,
        });
        add(new("exclude", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            CollectionOperations.Exclude(focus, call.Argument(0, frame)))
        {
            ResultType = ResultTypes.SubsetOfInput,
        });
        add(new("union", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            CollectionOperations.Union(focus, call.Argument(0, frame)))
        {
            ResultType = b => StaticType.Union(b.Input, b.Arguments[0].Type, singleton: false),
        });
        add(new("combine", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            CollectionOperations.Combine(focus, call.Argument(0, frame)))
        {
            ResultType = b => StaticType.Union(b.Input, b.Arguments[0].Type, singleton: false),
        });
    }

    private static int RequireCount(FunctionEvaluator call, in Frame frame) =>
        call.IntegerArgument(0, frame) ?? throw new FhirPathEvaluationException($"{call.Name}() needs an Integer argument.");

    private static IReadOnlyList<FhirPathValue> Slice(IReadOnlyList<FhirPathValue> focus, int start, int count)
    {
        start = Math.Max(start, 0);
        if (start >= focus.Count || count <= 0)
        {
            return Collections.Empty;
        }

        var length = (int)Math.Min((long)count, focus.Count - start);
        if (start == 0 && length == focus.Count)
        {
            return focus;
        }

        var result = new FhirPathValue[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = focus[start + i];
        }

        return result;
    }
}
