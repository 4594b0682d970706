using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// A primitive's text is a valid lexical value of its type (<see cref="PrimitiveLexicalRules"/>, the same judgement
/// as the structural validator's) and within the type's maximum length. One shared instance per plan compiler.
/// </summary>
internal sealed class PrimitiveFormatCheck(FhirDefinitions definitions) : INodeCheck
{
    private readonly PrimitiveLexicalRules _rules = new(definitions);
    private readonly FhirDefinitions _definitions = definitions;

    public void Check(ElementNode node, ValidationRun run)
    {
        var text = node.Text;
        if (text is null || node.IsResource)
        {
            return;
        }

        var type = _definitions.FindType(node.InstanceType);
        if (type is not { Kind: TypeKind.PrimitiveType })
        {
            run.Error("structure", $"'{node.Name}' has a value but its type {node.InstanceType} is not a primitive.", node);
            return;
        }

        if (text.Length == 0)
        {
            run.Error("value", "Primitive types must have a value that is not empty.", node);
            return;
        }

        if (_rules.Problem(type, text) is { } problem)
        {
            run.Error("value", $"'{Texts.Shorten(text)}' is not a valid {type.Name}: it {problem}.", node);
        }
        else if (type.MaxLength is { } limit && text.Length > limit)
        {
            run.Error("value", $"The {type.Name} value is {text.Length} characters long; the maximum is {limit}.", node);
        }
    }
}
