using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// Resolves references <c>resolve()</c> cannot find inside the evaluated resource or its Bundle (e.g. from the
/// store). Returning null makes the reference resolve to nothing, as the specification allows.
/// </summary>
public interface IFhirPathResolver
{
    ElementNode? Resolve(string reference);
}
