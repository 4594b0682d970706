using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// One rule of one element definition, compiled once into the element's plan and applied to every instance node
/// the definition governs. Children and slicing are the walker's business; a check looks at its node (and below it
/// only where the rule itself says so, as fixed values do).
/// </summary>
internal interface INodeCheck
{
    void Check(ElementNode node, ValidationRun run);
}
