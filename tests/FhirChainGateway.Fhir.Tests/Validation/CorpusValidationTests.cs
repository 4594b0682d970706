using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Tests.Support;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Validation;

/// <summary>The structural validator finds nothing wrong with the HL7 examples and Synthea data, except where the example itself is wrong.</summary>
[Collection(DefinitionsCollection.Name)]
public sealed class CorpusValidationTests(DefinitionsFixture fixture)
{
    /// <summary>HL7 examples that really break the base definitions, with what is wrong.</summary>
    private static readonly Dictionary<string, string> KnownInvalidExamples = new()
    {
        // Its nested display items have no linkId, which Questionnaire.item.linkId (1..1) requires.
        ["r4-spec-examples/package/Questionnaire-qs1.json"] = "linkId",
    };

    private readonly FhirJsonParser _parser = new(fixture.Definitions);
    private readonly StructuralValidator _validator = new(fixture.Definitions);

    public static TheoryData<string> SpecExamples => Corpus.SpecExampleFiles();

    public static TheoryData<string> SyntheaBundles => Corpus.SyntheaFiles();

    [TestDataTheory]
    [MemberData(nameof(SpecExamples))]
    public void Spec_examples_are_structurally_valid(string file)
    {
        var issues = _validator.Validate(_parser.Parse(Corpus.Read(file)));

        if (KnownInvalidExamples.TryGetValue(file, out var element))
        {
            issues.ShouldNotBeEmpty();
            issues.ShouldAllBe(i => i.Code == "required" && i.Location!.EndsWith("." + element));
            return;
        }

        issues.ShouldBeEmpty(string.Join(Environment.NewLine, issues.Take(5).Select(i => $"{i.Location}: {i.Diagnostics}")));
    }

    [TestDataTheory]
    [MemberData(nameof(SyntheaBundles))]
    public void Synthea_bundles_are_structurally_valid(string file)
    {
        var issues = _validator.Validate(_parser.Parse(Corpus.Read(file)));

        issues.ShouldBeEmpty(string.Join(Environment.NewLine, issues.Take(5).Select(i => $"{i.Location}: {i.Diagnostics}")));
    }
}
