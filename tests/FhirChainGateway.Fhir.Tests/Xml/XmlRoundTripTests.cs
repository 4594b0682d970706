using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>
/// Every FHIR XML file of the HL7 test cases survives XML -> tree -> XML and XML -> JSON -> XML unchanged, and every
/// resource of the R4 examples package and every Synthea Bundle survives JSON -> XML -> tree.
/// </summary>
[Collection(DefinitionsCollection.Name)]
public sealed class XmlRoundTripTests(DefinitionsFixture fixture)
{
    private readonly FhirXmlParser _xmlParser = new(fixture.Definitions);
    private readonly FhirXmlSerializer _xmlSerializer = new(fixture.Definitions);
    private readonly FhirXmlSerializer _prettyXmlSerializer = new(fixture.Definitions, FhirXmlSerializerOptions.Pretty);
    private readonly FhirJsonParser _jsonParser = new(fixture.Definitions);
    private readonly FhirJsonSerializer _jsonSerializer = new(fixture.Definitions);

    public static TheoryData<string> FhirResources() => XmlTestCorpus.FhirResources();

    public static TheoryData<string> NotFhir() => XmlTestCorpus.NotFhir();

    public static TheoryData<string> InvalidFhir() => XmlTestCorpus.InvalidFhir();

    public static TheoryData<string> SpecExamples() => XmlTestCorpus.SpecExamples();

    public static TheoryData<string> SyntheaBundles() => XmlTestCorpus.SyntheaBundles();

    [TestDataTheory]
    [MemberData(nameof(FhirResources))]
    public void Xml_round_trip_keeps_the_tree(string xmlFile)
    {
        var original = _xmlParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(xmlFile)));

        foreach (var serializer in new[] { _xmlSerializer, _prettyXmlSerializer })
        {
            var written = serializer.SerializeToUtf8Bytes(original);
            var reparsed = _xmlParser.Parse(written);
            ElementTreeComparer.Differences(original, reparsed).ShouldBeEmpty($"indented: {serializer.Options.Indented}");
        }
    }

    [TestDataTheory]
    [MemberData(nameof(FhirResources))]
    public void Xml_to_json_to_xml_keeps_the_tree(string xmlFile)
    {
        var original = _xmlParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(xmlFile)));

        var fromJson = _jsonParser.Parse(_jsonSerializer.SerializeToUtf8Bytes(original));
        ElementTreeComparer.Differences(original, fromJson).ShouldBeEmpty("XML -> JSON");

        var backToXml = _xmlParser.Parse(_xmlSerializer.SerializeToUtf8Bytes(fromJson));
        ElementTreeComparer.Differences(original, backToXml).ShouldBeEmpty("JSON -> XML");
    }

    [TestDataTheory]
    [MemberData(nameof(SpecExamples))]
    public void Json_spec_examples_survive_xml(string jsonFile)
    {
        var original = _jsonParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(jsonFile)));

        var throughXml = _xmlParser.Parse(_xmlSerializer.SerializeToUtf8Bytes(original));

        // Two examples have CRs in their narrative, which XML turns into LFs; everything else must come back exactly.
        ElementTreeComparer.Differences(original, throughXml, TextComparison.XhtmlLineEnds).ShouldBeEmpty();
    }

    [TestDataTheory]
    [MemberData(nameof(SyntheaBundles))]
    public void Synthea_bundles_survive_xml(string jsonFile)
    {
        var original = _jsonParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(jsonFile)));

        var throughXml = _xmlParser.Parse(_xmlSerializer.SerializeToUtf8Bytes(original));

        ElementTreeComparer.Differences(original, throughXml).ShouldBeEmpty();
    }

    [TestDataTheory]
    [MemberData(nameof(NotFhir))]
    public void Xml_that_is_not_fhir_is_rejected_with_a_location(string xmlFile)
    {
        // CDA documents and the FHIRPath test suite are not FHIR resources, so they are not round-tripped; the parser must say so.
        var error = Should.Throw<FhirException>(() => _xmlParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(xmlFile))));

        error.StatusCode.ShouldBe(400);
        error.Issues[0].Diagnostics.ShouldContain(FhirXmlNamespaces.Fhir);
        error.Issues[0].Line.ShouldNotBeNull();
    }

    [TestDataTheory]
    [MemberData(nameof(InvalidFhir))]
    public void Deliberately_invalid_fhir_xml_is_rejected(string xmlFile)
    {
        var error = Should.Throw<FhirException>(() => _xmlParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(xmlFile))));

        error.StatusCode.ShouldBe(400, XmlTestCorpus.Invalid[xmlFile]);
        error.Issues.ShouldAllBe(i => i.Line != null && i.Column != null);
    }

    [TestDataFact]
    public void The_corpus_is_sorted_as_expected()
    {
        // Guards against the theories silently shrinking: 180 XML files, of which 2 CDA documents and the FHIRPath suite are not FHIR.
        var all = XmlTestCorpus.AllXmlFiles().ToList();
        var notFhir = all.Where(f => !XmlTestCorpus.IsFhirNamespace(f)).ToList();

        all.Count.ShouldBeGreaterThanOrEqualTo(170);
        notFhir.ShouldBe(["fhir-test-cases/r4/fhirpath/tests-fhir-r4.xml", "fhir-test-cases/validator/ccda-xsi-type.xml", "fhir-test-cases/validator/cda/example.xml"], ignoreOrder: true);
    }
}
