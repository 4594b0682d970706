using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>Provides the parsed input resource of a suite test by its file name.</summary>
public interface IFhirPathTestInputSource
{
    /// <exception cref="FhirPathTestInputUnavailableException">The input cannot be provided (missing, unsupported format).</exception>
    ElementNode Load(string fileName);
}
