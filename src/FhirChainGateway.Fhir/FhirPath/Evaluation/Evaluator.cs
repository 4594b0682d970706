using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>A compiled node of an expression: evaluates against a frame and knows its static type.</summary>
internal abstract class Evaluator(SourcePosition position, StaticType type)
{
    public SourcePosition Position { get; } = position;

    public StaticType Type { get; } = type;

    public abstract IReadOnlyList<FhirPathValue> Evaluate(in Frame frame);

    /// <summary>Attaches this node's position (and the expression) to an evaluation error raised without one.</summary>
    protected FhirPathEvaluationException Locate(in Frame frame, FhirPathEvaluationException error) =>
        error.Position is null ? new FhirPathEvaluationException(error.Detail, frame.State.Expression, Position, error) : error;

    protected FhirPathEvaluationException Error(in Frame frame, string message) =>
        new(message, frame.State.Expression, Position);
}
