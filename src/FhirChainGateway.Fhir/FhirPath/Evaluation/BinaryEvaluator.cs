using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Base of the binary operators: evaluates both sides in the same frame and locates errors.</summary>
internal abstract class BinaryEvaluator(string op, Evaluator left, Evaluator right, SourcePosition position, StaticType type)
    : Evaluator(position, type)
{
    protected string Operator { get; } = op;

    protected Evaluator Left { get; } = left;

    protected Evaluator Right { get; } = right;

    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame)
    {
        try
        {
            return Apply(frame);
        }
        catch (FhirPathEvaluationException error) when (error.Position is null)
        {
            throw Locate(frame, error);
        }
    }

    protected abstract IReadOnlyList<FhirPathValue> Apply(in Frame frame);

    /// <summary>The single item of an operand; null when empty; an error when there are several.</summary>
    protected FhirPathValue? Singleton(IReadOnlyList<FhirPathValue> operand, string side) => operand.Count switch
    {
        0 => null,
        1 => operand[0],
        _ => throw new FhirPathEvaluationException(
            $"The {side} operand of '{Operator}' must be a single item but has {operand.Count}."),
    };
}
