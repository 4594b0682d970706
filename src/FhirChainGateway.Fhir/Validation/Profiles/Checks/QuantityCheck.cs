using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>A Quantity's coded unit is checked against its system: UCUM units against the UCUM grammar and unit table.</summary>
internal sealed class QuantityCheck : INodeCheck
{
    public static QuantityCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.ChildText("code") is not { } code || node.ChildText("system") is not { } system)
        {
            return;
        }

        CodeValidation.Validate(system, code, display: null, node, run);
    }
}
