using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.Fhir.Xml;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Validation;

/// <summary>
/// The definitions and validation resources shared by the profile-validation tests: profiles, plans and expansions
/// are cached in the resources, so building them once per collection keeps the suite fast.
/// </summary>
public sealed class ValidationFixture
{
    public ValidationFixture()
    {
        Options = DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable);
        Definitions = FhirDefinitions.Load(Options);
        Resources = new ValidationResources(Definitions, Options.DefinitionsDirectory);
        JsonParser = new FhirJsonParser(Definitions);
        XmlParser = new FhirXmlParser(Definitions);
    }

    public DefinitionsOptions Options { get; }

    public FhirDefinitions Definitions { get; }

    public ValidationResources Resources { get; }

    public FhirJsonParser JsonParser { get; }

    public FhirXmlParser XmlParser { get; }

    /// <summary>A validator over the shared resources with the given options (gateway defaults when null).</summary>
    public ProfileValidator Validator(ProfileValidatorOptions? options = null) => new(Resources, options);
}

[CollectionDefinition(Name)]
public sealed class ValidationCollection : ICollectionFixture<ValidationFixture>
{
    public const string Name = "FHIR validation";
}
