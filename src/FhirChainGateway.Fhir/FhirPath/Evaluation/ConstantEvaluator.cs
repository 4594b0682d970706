using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>A literal or a value folded at compile time.</summary>
internal sealed class ConstantEvaluator(IReadOnlyList<FhirPathValue> value, SourcePosition position, StaticType type)
    : Evaluator(position, type)
{
    public IReadOnlyList<FhirPathValue> Value { get; } = value;

    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame) => Value;
}
