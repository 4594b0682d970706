using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Server.Tests;

/// <summary>Recomputes content hashes the way an outside auditor would: canonical JSON of what the API returned.</summary>
internal static class Hashes
{
    private static readonly Lazy<FhirCanonicalJson> Canonical = new(() => new FhirCanonicalJson(FhirDefinitions.Load(DefinitionsLocator.Locate([FhirChainGateway.TestSupport.TestData.RepositoryRoot], Environment.GetEnvironmentVariable))));

    public static string CanonicalSha256(byte[] json) => Canonical.Value.Sha256Hex(json);
}
