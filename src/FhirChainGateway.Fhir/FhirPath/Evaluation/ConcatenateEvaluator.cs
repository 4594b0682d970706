using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>&amp;</c>: string concatenation where an empty operand counts as the empty string.</summary>
internal sealed class ConcatenateEvaluator(Evaluator left, Evaluator right, SourcePosition position)
    : BinaryEvaluator("&", left, right, position, StaticType.String)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame)
    {
        var a = Singleton(Left.Evaluate(frame), "left");
        var b = Singleton(Right.Evaluate(frame), "right");
        return [FhirPathValue.FromString(Text(a) + Text(b))];
    }

    private static string Text(FhirPathValue? value)
    {
        if (value is not { } item)
        {
            return string.Empty;
        }

        return Primitives.ToSystem(item) as string
            ?? throw new FhirPathEvaluationException($"Operator '&' needs strings but got a {Ordering.Describe(item)}.");
    }
}
