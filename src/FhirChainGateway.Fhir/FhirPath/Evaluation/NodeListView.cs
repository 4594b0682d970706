using System.Collections;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>A list of elements seen as a FHIRPath collection without copying it.</summary>
internal sealed class NodeListView(IReadOnlyList<ElementNode> nodes) : IReadOnlyList<FhirPathValue>
{
    public int Count => nodes.Count;

    public FhirPathValue this[int index] => FhirPathValue.FromNode(nodes[index]);

    public IEnumerator<FhirPathValue> GetEnumerator()
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            yield return FhirPathValue.FromNode(nodes[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
