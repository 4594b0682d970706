using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Server.Validation;

/// <summary>
/// The validator the gateway runs on every resource it writes: profile validation (base R4, known
/// <c>meta.profile</c>s, and the deployment's required profiles for the resource type).
/// </summary>
public sealed class WriteValidator(ProfileValidator validator, IReadOnlyDictionary<string, List<string>> requiredProfiles) : IResourceValidator
{
    public IReadOnlyList<OperationOutcomeIssue> Validate(ElementNode resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return requiredProfiles.TryGetValue(resource.InstanceType, out var profiles) && profiles.Count > 0
            ? validator.Validate(resource, profiles)
            : validator.Validate(resource);
    }
}
