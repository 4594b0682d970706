using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>The node's type must be one the element allows (a choice's restricted types, a subtype such as Age for Quantity).</summary>
internal sealed class TypeCheck(ElementDef def) : INodeCheck
{
    private readonly string[] _codes = def.Types.Select(t => t.Code).Distinct().ToArray();

    public void Check(ElementNode node, ValidationRun run)
    {
        var type = node.InstanceType;
        for (var i = 0; i < _codes.Length; i++)
        {
            if (string.Equals(_codes[i], type, StringComparison.Ordinal))
            {
                return;
            }
        }

        var definitions = run.Resources.Definitions;
        for (var i = 0; i < _codes.Length; i++)
        {
            if (definitions.IsSameOrSubtypeOf(type, _codes[i]) || _codes[i] is "*" or "Element" or "Base")
            {
                return;
            }
        }

        var allowed = Texts.List(_codes);
        run.Error("structure", def.Owner is { Derivation: Definitions.StructureDerivation.Constraint } owner
            ? $"The profile {owner.VersionedUrl} allows {def.Path} to be of type {allowed}, but found type {type}."
            : $"'{def.Name}' must be of type {allowed}, not {type}.", node);
    }
}
