using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Polarity: <c>-x</c> negates a number or quantity, <c>+x</c> checks it is one.</summary>
internal sealed class PolarityEvaluator(string op, Evaluator operand, SourcePosition position, StaticType type) : Evaluator(position, type)
{
    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame)
    {
        var value = operand.Evaluate(frame);
        if (value.Count == 0)
        {
            return Collections.Empty;
        }

        if (value.Count > 1)
        {
            throw Error(frame, $"Unary '{op}' needs a single item but got {value.Count}.");
        }

        try
        {
            var negated = Arithmetic.Negate(value[0]);
            return op == "-" ? [negated] : [value[0]];
        }
        catch (FhirPathEvaluationException error) when (error.Position is null)
        {
            throw Locate(frame, error);
        }
    }
}
