using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>.</summary>
internal sealed class ComparisonEvaluator(string op, Evaluator left, Evaluator right, SourcePosition position)
    : BinaryEvaluator(op, left, right, position, StaticType.Boolean)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame)
    {
        var a = Singleton(Left.Evaluate(frame), "left");
        var b = Singleton(Right.Evaluate(frame), "right");
        if (a is null || b is null)
        {
            return Collections.Empty;
        }

        var comparison = Ordering.Compare(a.Value, b.Value);
        if (comparison is not { } c)
        {
            return Collections.Empty;
        }

        return Collections.Boolean(Operator switch
        {
            "<" => c < 0,
            ">" => c > 0,
            "<=" => c <= 0,
            _ => c >= 0,
        });
    }
}
