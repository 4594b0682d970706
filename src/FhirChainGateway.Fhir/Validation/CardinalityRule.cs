using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>Each child element occurs between its min and max times (required elements like Observation.status are present).</summary>
public sealed class CardinalityRule : IElementRule
{
    public void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        if (definition is null || (!node.IsResource && context.Definitions.IsPrimitiveType(node.InstanceType) && node.Children.Count == 0))
        {
            return;
        }

        var children = node.Children;
        foreach (var element in context.ChildDefinitions(node))
        {
            if (element.Min == 0 && element.Max is null)
            {
                continue;
            }

            var count = 0;
            for (var i = 0; i < children.Count; i++)
            {
                if (string.Equals(children[i].Name, element.Name, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            if (count < element.Min)
            {
                context.Error("required", $"'{element.Name}' is required: minimum cardinality {element.Min}, found {count}.", Child(node, element));
            }
            else if (element.Max is { } max && count > max)
            {
                context.Error("structure", $"'{element.Name}' occurs {count} times; maximum cardinality is {max}.", Child(node, element));
            }
        }
    }

    private static string Child(ElementNode node, ElementDefinitionInfo element) => node.Location + "." + element.Name;
}
