using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Tests.Support;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Validation.Profiles;

/// <summary>One validator serves concurrent requests: plans, profiles and expansions are built lazily by whichever thread comes first.</summary>
[Collection(ValidationCollection.Name)]
public sealed class ConcurrencyTests(ValidationFixture fixture)
{
    [TestDataFact]
    public void Concurrent_validation_gives_the_same_issues_as_sequential_validation()
    {
        var resources = new List<ElementNode>();
        foreach (var file in Corpus.SpecExampleList().Take(150))
        {
            resources.Add(fixture.JsonParser.Parse(Corpus.Read(file)));
        }

        // A fresh resources instance, so the first calls race to build the caches.
        var validator = new ProfileValidator(new ValidationResources(fixture.Definitions, fixture.Options.DefinitionsDirectory));
        var concurrent = new string[resources.Count];
        Parallel.For(0, resources.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = Describe(validator.Validate(resources[i])));
        var sequential = resources.Select(r => Describe(validator.Validate(r))).ToArray();

        concurrent.ShouldBe(sequential);
        sequential.ShouldContain(s => s.Length > 0);
    }

    private static string Describe(IReadOnlyList<Fhir.Errors.OperationOutcomeIssue> issues) =>
        string.Join("\n", issues.Select(i => $"{i.Severity} {i.Location} {i.Diagnostics}"));
}
