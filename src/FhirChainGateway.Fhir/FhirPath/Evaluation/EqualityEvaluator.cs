using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>=</c>, <c>!=</c>, <c>~</c>, <c>!~</c>.</summary>
internal sealed class EqualityEvaluator(string op, Evaluator left, Evaluator right, SourcePosition position)
    : BinaryEvaluator(op, left, right, position, StaticType.Boolean)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame)
    {
        var a = Left.Evaluate(frame);
        var b = Right.Evaluate(frame);
        return Operator switch
        {
            "=" => Collections.Boolean(Equality.CollectionsEqual(a, b)),
            "!=" => Collections.Boolean(!Equality.CollectionsEqual(a, b)),
            "~" => Collections.Boolean(Equality.CollectionsEquivalent(a, b)),
            _ => Collections.Boolean(!Equality.CollectionsEquivalent(a, b)),
        };
    }
}
