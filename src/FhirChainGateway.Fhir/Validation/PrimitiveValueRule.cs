using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// A primitive's text must be a valid lexical value of its type (<see cref="PrimitiveLexicalRules"/>) and within the
/// maximum length of its element or type.
/// </summary>
public sealed class PrimitiveValueRule(FhirDefinitions definitions) : IElementRule
{
    private readonly PrimitiveLexicalRules _rules = new(definitions);

    public void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        var text = node.Text;
        if (text is null || node.IsResource)
        {
            return;
        }

        var type = context.Definitions.FindType(node.InstanceType);
        if (type is not { Kind: TypeKind.PrimitiveType })
        {
            context.Error("structure", $"'{node.Name}' has a value but its type {node.InstanceType} is not a primitive.", node.Location);
            return;
        }

        var problem = _rules.Problem(type, text);
        if (problem is null)
        {
            var maxLength = definition?.MaxLength ?? type.MaxLength;
            if (maxLength is { } limit && text.Length > limit)
            {
                problem = $"is longer than the maximum length {limit}";
            }
        }

        if (problem is not null)
        {
            context.Error("value", $"'{PrimitiveLexicalRules.Shorten(text)}' is not a valid {type.Name}: it {problem}.", node.Location);
        }
    }
}
