using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests;

public class SmokeTests
{
    [Fact]
    public void Repository_root_is_found() =>
        File.Exists(Path.Combine(TestData.RepositoryRoot, "FhirChainGateway.sln")).ShouldBeTrue();
}
