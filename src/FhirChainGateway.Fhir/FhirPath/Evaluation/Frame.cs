namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// The variables in scope at a point of evaluation: <c>$this</c> (what term-level names navigate from),
/// <c>$index</c> and <c>$total</c>. Functions taking expressions (<c>where</c>, <c>select</c>, ...) evaluate them in a
/// new frame per item.
/// </summary>
internal readonly struct Frame(EvaluationState state, IReadOnlyList<FhirPathValue> @this, int index, IReadOnlyList<FhirPathValue>? total)
{
    public EvaluationState State { get; } = state;

    public IReadOnlyList<FhirPathValue> This { get; } = @this;

    public int Index { get; } = index;

    public IReadOnlyList<FhirPathValue>? Total { get; } = total;

    public Frame ForItem(FhirPathValue item, int index) => new(State, [item], index, Total);

    public Frame WithTotal(IReadOnlyList<FhirPathValue> total) => new(State, This, Index, total);
}
