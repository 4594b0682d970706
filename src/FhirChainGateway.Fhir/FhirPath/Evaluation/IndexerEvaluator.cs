using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>collection[index]</c>: the item at a 0-based position, empty when out of range.</summary>
internal sealed class IndexerEvaluator(Evaluator target, Evaluator index, SourcePosition position, StaticType type) : Evaluator(position, type)
{
    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame)
    {
        var items = target.Evaluate(frame);
        var indexValue = index.Evaluate(frame);
        if (indexValue.Count == 0 || items.Count == 0)
        {
            return Collections.Empty;
        }

        if (indexValue.Count > 1 || Primitives.ToSystem(indexValue[0]) is not int position)
        {
            throw Error(frame, "An indexer needs a single Integer.");
        }

        return position >= 0 && position < items.Count ? [items[position]] : Collections.Empty;
    }
}
