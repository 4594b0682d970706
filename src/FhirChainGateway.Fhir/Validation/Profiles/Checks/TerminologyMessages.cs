using FhirChainGateway.Fhir.Terminology;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>Shared wording of terminology issues.</summary>
internal static class TerminologyMessages
{
    public static string System(string system) =>
        ExternalCodeSystems.IsExternal(system) ? $"{ExternalCodeSystems.NameOf(system)} ({system})" : system;
}
