using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Server.Indexing;

/// <summary>
/// Decides the patient compartment (<c>Patient/{id}</c>) a resource belongs to, used as ordering key
/// of its events and, on Cosmos, as its partition key.
/// </summary>
/// <remarks>
/// Looks at the top-level references that the R4 patient CompartmentDefinition uses for most types
/// (patient, subject, beneficiary, ...); the first that points at a Patient wins, so a resource always
/// lands in exactly one compartment even when it references several patients.
/// </remarks>
public sealed class PatientCompartment
{
    private static readonly string[] CandidateElements =
    [
        "patient", "subject", "beneficiary", "individual", "who", "owner", "requester", "recorder",
    ];

    public string? KeyOf(string resourceType, string id, ElementNode resource)
    {
        if (resourceType == "Patient")
        {
            return "Patient/" + id;
        }

        foreach (var name in CandidateElements)
        {
            foreach (var element in resource.ChildrenNamed(name))
            {
                var reference = element.ChildText("reference");
                if (reference is not null && reference.StartsWith("Patient/", StringComparison.Ordinal))
                {
                    var slash = reference.IndexOf('/', "Patient/".Length);
                    return slash < 0 ? reference : reference[..slash];
                }
            }
        }

        return null;
    }
}
