using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests;

/// <summary>One registry for the whole test collection: loading is the expensive part, the registry is immutable.</summary>
public sealed class DefinitionsFixture
{
    public DefinitionsFixture()
    {
        Options = DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable);
        Definitions = FhirDefinitions.Load(Options);
    }

    public DefinitionsOptions Options { get; }

    public FhirDefinitions Definitions { get; }
}

[CollectionDefinition(Name)]
public sealed class DefinitionsCollection : ICollectionFixture<DefinitionsFixture>
{
    public const string Name = "FHIR definitions";
}
