using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// A node's type must be one its element allows: one of the choice's types for <c>[x]</c> elements, the declared
/// type (or a specialization of it) otherwise, and a concrete resource type where a resource is expected.
/// </summary>
public sealed class ElementTypeRule : IElementRule
{
    public void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        if (definition is null || node.Parent is null)
        {
            return;
        }

        var definitions = context.Definitions;
        if (node.IsResource)
        {
            if (!definitions.IsResourceType(node.InstanceType))
            {
                context.Error("structure", $"'{node.InstanceType}' is not a resource type.", node.Location);
            }

            return;
        }

        if (definitions.FindType(node.InstanceType) is null)
        {
            context.Error("structure", $"'{node.InstanceType}' is not a FHIR type.", node.Location);
            return;
        }

        foreach (var allowed in definition.Types)
        {
            if (definitions.IsSameOrSubtypeOf(node.InstanceType, allowed))
            {
                return;
            }
        }

        context.Error("structure", definition.IsChoice
            ? $"'{definition.Name}[x]' does not allow the type {node.InstanceType}; allowed: {string.Join(", ", definition.Types)}."
            : $"'{definition.Name}' must be of type {string.Join(" or ", definition.Types)}, not {node.InstanceType}.", node.Location);
    }
}
