using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>+ - * / div mod</c>.</summary>
internal sealed class ArithmeticEvaluator(string op, Evaluator left, Evaluator right, SourcePosition position, StaticType type)
    : BinaryEvaluator(op, left, right, position, type)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame)
    {
        var a = Singleton(Left.Evaluate(frame), "left");
        var b = Singleton(Right.Evaluate(frame), "right");
        if (a is null || b is null)
        {
            return Collections.Empty;
        }

        return Collections.Optional(Arithmetic.Apply(Operator, a.Value, b.Value));
    }
}
