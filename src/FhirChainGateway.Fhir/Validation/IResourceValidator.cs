using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Validates a resource tree. The structural validator is the first implementation; the profile and invariant
/// validators plug in behind the same seam. An empty result (or one without errors) means valid.
/// </summary>
public interface IResourceValidator
{
    IReadOnlyList<OperationOutcomeIssue> Validate(ElementNode resource);
}
