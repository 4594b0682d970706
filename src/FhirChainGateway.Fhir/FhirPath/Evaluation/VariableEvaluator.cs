using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>$this</c>, <c>$index</c> and <c>$total</c>.</summary>
internal sealed class VariableEvaluator(string name, SourcePosition position, StaticType type) : Evaluator(position, type)
{
    public string Name { get; } = name;

    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame) => Name switch
    {
        "this" => frame.This,
        "index" => [FhirPathValue.FromInteger(frame.Index)],
        _ => frame.Total ?? Collections.Empty,
    };
}
