using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>in</c> and <c>contains</c>: membership of a single item in a collection.</summary>
internal sealed class MembershipEvaluator(string op, Evaluator left, Evaluator right, SourcePosition position)
    : BinaryEvaluator(op, left, right, position, StaticType.Boolean)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame)
    {
        var a = Left.Evaluate(frame);
        var b = Right.Evaluate(frame);
        var (item, collection) = Operator == "in" ? (a, b) : (b, a);
        var single = Singleton(item, Operator == "in" ? "left" : "right");
        if (single is null)
        {
            return Collections.Empty;
        }

        return Collections.Boolean(CollectionOperations.Contains(collection, single.Value));
    }
}
