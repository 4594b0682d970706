using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Tests.Support;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Serialization;

/// <summary>Parse then serialize gives back the same JSON (property order aside) for every HL7 example and every Synthea Bundle.</summary>
[Collection(DefinitionsCollection.Name)]
public sealed class RoundTripTests(DefinitionsFixture fixture)
{
    private readonly FhirJsonParser _parser = new(fixture.Definitions);
    private readonly FhirJsonSerializer _serializer = new(fixture.Definitions);

    public static TheoryData<string> SpecExamples => Corpus.SpecExampleFiles();

    public static TheoryData<string> SyntheaBundles => Corpus.SyntheaFiles();

    [TestDataTheory]
    [MemberData(nameof(SpecExamples))]
    public void Spec_examples_round_trip(string file) => AssertRoundTrip(file);

    [TestDataTheory]
    [MemberData(nameof(SyntheaBundles))]
    public void Synthea_bundles_round_trip(string file) => AssertRoundTrip(file);

    [TestDataFact]
    public void Reserialized_output_is_stable()
    {
        var input = Corpus.Read("r4-spec-examples/package/Patient-example.json");

        var once = _serializer.SerializeToUtf8Bytes(_parser.Parse(input));
        var twice = _serializer.SerializeToUtf8Bytes(_parser.Parse(once));

        twice.ShouldBe(once);
    }

    private void AssertRoundTrip(string file)
    {
        var input = Corpus.Read(file);

        var output = _serializer.SerializeToUtf8Bytes(_parser.Parse(input));

        JsonSemanticComparer.FirstDifference(input, output).ShouldBeNull(file);
    }
}
