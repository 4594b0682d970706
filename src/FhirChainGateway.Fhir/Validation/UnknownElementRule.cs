using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>Every node must be an element of its parent's type (the parser already rejects unknown JSON properties; trees built in code may not).</summary>
public sealed class UnknownElementRule : IElementRule
{
    public void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        if (definition is null)
        {
            var parent = node.Parent;
            context.Error("structure", $"'{node.Name}' is not an element of {parent?.InstanceType ?? node.InstanceType}.", node.Location);
        }
    }
}
