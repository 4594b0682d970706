using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>The XML and JSON of one resource (HL7 test data) parse to the same element tree.</summary>
[Collection(DefinitionsCollection.Name)]
public sealed class XmlJsonPairTests(DefinitionsFixture fixture)
{
    /// <summary>
    /// Where the two files of a pair were not written from one resource by one tool, what differs and why. Each entry is
    /// checked to still be needed: the listed locations must differ, and a relaxed comparison must matter.
    /// </summary>
    private static readonly Dictionary<string, PairQuirk> Quirks = new()
    {
        ["fhir-test-cases/r4/examples/observation-decimal.xml"] = new(
            "the example writes some numbers in different lexical forms in the two formats (1.0e0 / 1.0, 0.0000000000000000000001 / 1E-22)",
            TextComparison.DecimalsByValue),
        ["fhir-test-cases/r4/examples/observation-example.xml"] = new(
            "the XML writes ' as &#39; in the narrative, and carries a patient-age extension the JSON lacks",
            TextComparison.XhtmlByInfoset, ["Observation.extension"]),
        ["fhir-test-cases/r4/observation-example.xml"] = new(
            "the FHIRPath input: as r4/examples/observation-example.xml",
            TextComparison.XhtmlByInfoset, ["Observation.extension"]),
        ["fhir-test-cases/r4/codesystem-example.xml"] = new(
            "the FHIRPath input is an older revision: no narrative, and a line break in description that XML attribute normalisation turns into spaces",
            TextComparison.Exact, ["CodeSystem.text", "CodeSystem.description"]),
    };

    private readonly FhirXmlParser _xmlParser = new(fixture.Definitions);
    private readonly FhirJsonParser _jsonParser = new(fixture.Definitions);

    public static TheoryData<string> Pairs() => XmlTestCorpus.XmlJsonPairs();

    [TestDataTheory]
    [MemberData(nameof(Pairs))]
    public void Xml_and_json_of_one_resource_give_the_same_tree(string xmlFile)
    {
        var fromXml = _xmlParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(xmlFile)));
        var fromJson = _jsonParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath(XmlTestCorpus.JsonTwin(xmlFile)!)));
        fromXml.Descendants().Count().ShouldBeGreaterThan(5, "the comparison must cover a real resource");

        if (!Quirks.TryGetValue(xmlFile, out var quirk))
        {
            ElementTreeComparer.Differences(fromJson, fromXml).ShouldBeEmpty();
            return;
        }

        var differences = ElementTreeComparer.Differences(fromJson, fromXml, quirk.Comparison, max: 1000);
        differences.Where(d => !quirk.DifferingLocations.Any(l => IsAt(d, l))).ShouldBeEmpty(quirk.Reason);
        foreach (var location in quirk.DifferingLocations)
        {
            differences.ShouldContain(d => IsAt(d, location), $"the quirk '{location}' is no longer needed");
        }

        if (quirk.Comparison != TextComparison.Exact)
        {
            ElementTreeComparer.Differences(fromJson, fromXml, TextComparison.Exact, max: 1000).Count
                .ShouldBeGreaterThan(differences.Count, "the relaxed comparison is no longer needed");
        }
    }

    [TestDataFact]
    public void The_corpus_has_the_known_pairs()
    {
        // Guards against a path change silently emptying the theory: five pairs in r4/examples, four FHIRPath inputs in r4/.
        var pairs = XmlTestCorpus.XmlJsonPairFiles().ToList();

        pairs.Count(p => p.StartsWith("fhir-test-cases/r4/examples/", StringComparison.Ordinal)).ShouldBe(5);
        pairs.Count(p => Path.GetDirectoryName(p) == Path.Combine("fhir-test-cases", "r4")).ShouldBe(4);
    }

    [TestDataFact]
    public void Narrative_is_the_exact_source_text_json_carries()
    {
        // patient-example's narrative has tabs, line breaks and &quot; entities: the XML parser keeps them all as written.
        var fromXml = _xmlParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath("fhir-test-cases/r4/examples/patient-example.xml")));
        var fromJson = _jsonParser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath("fhir-test-cases/r4/examples/patient-example.json")));

        var div = Div(fromXml);
        div.ShouldBe(Div(fromJson));
        div.ShouldContain("&quot;Jim&quot;");
        div.ShouldContain("\n\t\t\t<table>");
    }

    private static string Div(ElementNode resource) => resource.FirstChild("text")!.ChildText("div")!;

    private static bool IsAt(string difference, string location) =>
        difference.StartsWith(location + ":", StringComparison.Ordinal)
        || difference.StartsWith(location + ".", StringComparison.Ordinal)
        || difference.StartsWith(location + "[", StringComparison.Ordinal);

    private sealed record PairQuirk(string Reason, TextComparison Comparison, string[]? Locations = null)
    {
        public string[] DifferingLocations => Locations ?? [];
    }
}
