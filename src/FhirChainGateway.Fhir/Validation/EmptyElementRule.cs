using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>ele-1: every element has a value or children other than its id (<c>{}</c> and <c>{"id": "x"}</c> are not valid elements).</summary>
public sealed class EmptyElementRule : IElementRule
{
    public void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        if (node.IsResource || node.HasValue)
        {
            return;
        }

        foreach (var child in node.Children)
        {
            if (!string.Equals(child.Name, "id", StringComparison.Ordinal))
            {
                return;
            }
        }

        context.Error("invariant", $"ele-1: '{node.Name}' is empty; all FHIR elements must have a value or children.", node.Location);
    }
}
