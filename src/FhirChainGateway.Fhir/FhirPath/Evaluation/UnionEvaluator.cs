using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>|</c>: the union of both sides without duplicates.</summary>
internal sealed class UnionEvaluator(Evaluator left, Evaluator right, SourcePosition position, StaticType type)
    : BinaryEvaluator("|", left, right, position, type)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame) =>
        CollectionOperations.Union(Left.Evaluate(frame), Right.Evaluate(frame));
}
