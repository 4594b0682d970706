using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>ele-1, natively: every element has a value or children other than its id. Runs on every node, so no FHIRPath.</summary>
internal sealed class EmptyElementCheck : INodeCheck
{
    public static EmptyElementCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.IsResource || node.HasValue)
        {
            return;
        }

        var children = node.Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (!string.Equals(children[i].Name, "id", StringComparison.Ordinal))
            {
                return;
            }
        }

        run.Error("invariant", $"ele-1: '{node.Name}' has neither a value nor children; all FHIR elements must have a @value or children.", node);
    }
}
