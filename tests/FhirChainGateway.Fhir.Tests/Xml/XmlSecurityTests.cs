using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Xml;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>Hostile and broken XML: every case is a FhirException naming where, never an XML exception, a hang or a file read.</summary>
[Collection(DefinitionsCollection.Name)]
public sealed class XmlSecurityTests(DefinitionsFixture fixture)
{
    private readonly FhirXmlParser _parser = new(fixture.Definitions);

    [Fact]
    public void Billion_laughs_is_rejected_without_expanding_anything()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE Patient [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <Patient xmlns="http://hl7.org/fhir"><name><text value="&lol9;"/></name></Patient>
            """;

        var issue = AssertRejected(xml);

        issue.Diagnostics.ShouldContain("DTD");
        issue.Line.ShouldBe(2);
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        using var secret = new TempDirectory();
        var secretFile = secret.File("secret.txt");
        File.WriteAllText(secretFile, "TOP-SECRET-CONTENT");
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE Patient [<!ENTITY xxe SYSTEM "file://{secretFile}">]>
            <Patient xmlns="http://hl7.org/fhir"><name><text value="&xxe;"/></name></Patient>
            """;

        var error = Should.Throw<FhirException>(() => _parser.Parse(xml));

        error.StatusCode.ShouldBe(400);
        error.Issues.ShouldAllBe(i => !i.Diagnostics.Contains("TOP-SECRET"));
        error.Issues[0].Diagnostics.ShouldContain("DTD");
    }

    [Fact]
    public void An_external_dtd_is_rejected()
    {
        var issue = AssertRejected("""<!DOCTYPE Patient SYSTEM "http://127.0.0.1:9/evil.dtd"><Patient xmlns="http://hl7.org/fhir"/>""");

        issue.Diagnostics.ShouldContain("DTD");
        issue.Line.ShouldBe(1);
    }

    [Fact]
    public void An_undeclared_entity_is_rejected_where_it_is()
    {
        // HTML entities such as &reg; are not XML: without a DTD they are undeclared (the HL7 validator case xml-bad-entities).
        var issue = AssertRejected("<Patient xmlns=\"http://hl7.org/fhir\">\n  <text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\">CPT&reg;</div></text></Patient>");

        issue.Diagnostics.ShouldContain("'reg'");
        issue.Location.ShouldBe("Patient.text.div");
        issue.Line.ShouldBe(2);
        issue.Column.ShouldNotBeNull();
    }

    [TestDataFact]
    public void The_validator_bad_entities_case_is_rejected()
    {
        var error = Should.Throw<FhirException>(() => _parser.Parse(File.ReadAllBytes(XmlTestCorpus.FullPath("fhir-test-cases/validator/xml-bad-entities.xml"))));

        error.StatusCode.ShouldBe(400);
        error.Issues.ShouldHaveSingleItem().Diagnostics.ShouldContain("'reg'");
    }

    [Fact]
    public void Oversized_input_is_refused_before_parsing_as_for_json()
    {
        // 413 like FhirJsonParser: the body is refused for its size, wherever it would have gone wrong.
        var parser = new FhirXmlParser(fixture.Definitions, new FhirXmlParserOptions { MaxBytes = 1000 });
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<active value=\"true\"/>", 60)) + "</Patient>";
        var bytes = Encoding.UTF8.GetBytes(xml);

        foreach (var parse in new Func<object>[] { () => parser.Parse(xml), () => parser.Parse(bytes), () => parser.Parse(new MemoryStream(bytes)) })
        {
            var error = Should.Throw<FhirException>(parse);
            error.StatusCode.ShouldBe(413);
            error.Issues.ShouldHaveSingleItem().Code.ShouldBe("too-costly");
        }
    }

    [Fact]
    public void The_size_limit_counts_utf8_bytes_not_characters()
    {
        var parser = new FhirXmlParser(fixture.Definitions, new FhirXmlParserOptions { MaxBytes = 200 });
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"" + new string('é', 70) + "\"/></name></Patient>";

        xml.Length.ShouldBeLessThan(200);
        Should.Throw<FhirException>(() => parser.Parse(xml)).StatusCode.ShouldBe(413);
    }

    [Fact]
    public void Deep_fhir_nesting_is_rejected_with_a_location()
    {
        var parser = new FhirXmlParser(fixture.Definitions, new FhirXmlParserOptions { MaxDepth = 20 });
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">"
            + string.Concat(Enumerable.Repeat("<extension url=\"u\">", 30))
            + string.Concat(Enumerable.Repeat("</extension>", 30)) + "</Patient>";

        var error = Should.Throw<FhirException>(() => parser.Parse(xml));

        error.StatusCode.ShouldBe(400);
        var issue = error.Issues.ShouldHaveSingleItem();
        issue.Diagnostics.ShouldContain("deeper than 20");
        issue.Location!.ShouldStartWith("Patient.extension[0].extension[0].extension[0]");
        issue.Line.ShouldBe(1);
    }

    [Fact]
    public void Deep_narrative_nesting_counts_against_the_same_limit()
    {
        var parser = new FhirXmlParser(fixture.Definitions, new FhirXmlParserOptions { MaxDepth = 20 });
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\">"
            + string.Concat(Enumerable.Repeat("<div>", 30)) + string.Concat(Enumerable.Repeat("</div>", 30)) + "</div></text></Patient>";

        var issue = Should.Throw<FhirException>(() => parser.Parse(xml)).Issues.ShouldHaveSingleItem();

        issue.Location.ShouldBe("Patient.text.div");
        issue.Diagnostics.ShouldContain("deeper than 20");
    }

    [Fact]
    public void Default_depth_limit_stops_a_hostile_depth_without_a_stack_overflow()
    {
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">"
            + string.Concat(Enumerable.Repeat("<extension url=\"u\">", 100_000))
            + string.Concat(Enumerable.Repeat("</extension>", 100_000)) + "</Patient>";

        var issue = Should.Throw<FhirException>(() => _parser.Parse(xml)).Issues.ShouldHaveSingleItem();

        issue.Diagnostics.ShouldContain($"deeper than {FhirXmlParserOptions.DefaultMaxDepth}");
    }

    [Theory]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><name></Patient>", 1, 46)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\">\n<active value=\"true\"></Patient>", 2, 24)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\" value=\"false\"/></Patient>", 1, 59)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"tr<ue\"/></Patient>", 1, 55)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"/><Patient xmlns=\"http://hl7.org/fhir\"/>", 1, 40)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"\u0001\"/></Patient>", 1, 53)]
    public void Xml_that_is_not_well_formed_is_400_with_line_and_column(string xml, int line, int column)
    {
        var issue = AssertRejected(xml);

        issue.Code.ShouldBe("invalid");
        issue.Diagnostics.ShouldStartWith("The body is not well-formed XML");
        issue.Line.ShouldBe(line);
        issue.Column.ShouldBe(column);
    }

    [Fact]
    public void A_not_well_formed_error_names_the_fhir_location_it_occurred_in()
    {
        var issue = AssertRejected("<Patient xmlns=\"http://hl7.org/fhir\"><name><given value=\"a\"></name></Patient>");

        issue.Location.ShouldBe("Patient.name[0].given[0]");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<!-- only a comment -->")]
    [InlineData("{\"resourceType\":\"Patient\"}")]
    public void Input_without_a_root_element_is_rejected(string xml)
    {
        var error = Should.Throw<FhirException>(() => _parser.Parse(xml));

        error.StatusCode.ShouldBe(400);
        error.Issues.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("<Patient/>", "in no namespace")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir/\"/>", "in the namespace 'http://hl7.org/fhir/'")]
    [InlineData("<f:Patient xmlns:f=\"urn:hl7-org:v3\"/>", "in the namespace 'urn:hl7-org:v3'")]
    public void A_root_in_the_wrong_namespace_is_rejected(string xml, string message)
    {
        var issue = AssertRejected(xml);

        issue.Diagnostics.ShouldContain(message);
        issue.Line.ShouldBe(1);
        issue.Column.ShouldBe(1);
    }

    [Fact]
    public void An_unknown_element_is_rejected_with_its_location()
    {
        var issue = AssertRejected("<Patient xmlns=\"http://hl7.org/fhir\">\n  <name>\n    <nickname value=\"Bob\"/>\n  </name>\n</Patient>");

        issue.Diagnostics.ShouldBe("Unknown element 'nickname'.");
        issue.Location.ShouldBe("Patient.name[0].nickname");
        issue.Line.ShouldBe(3);
        issue.Column.ShouldBe(5);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_position()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("<Patient xmlns=\"http://hl7.org/fhir\">\n<name><text value=\"ab"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"/></name></Patient>")];

        var error = Should.Throw<FhirException>(() => _parser.Parse(bytes));

        error.StatusCode.ShouldBe(400);
        var issue = error.Issues.ShouldHaveSingleItem();
        issue.Diagnostics.ShouldContain("UTF-8");
        issue.Line.ShouldBe(2);
        issue.Column.ShouldBe(22);
    }

    [TestDataFact]
    public void Every_truncation_of_a_real_resource_fails_cleanly()
    {
        // Whatever is cut off, the result is a 400 FhirException with a line, never another exception.
        var xml = File.ReadAllText(XmlTestCorpus.FullPath("fhir-test-cases/r4/examples/patient-example.xml"));
        var rejected = 0;
        for (var length = 0; length < xml.Length - 12; length += 7)
        {
            var error = Should.Throw<FhirException>(() => _parser.Parse(xml[..length]), $"cut at {length}");
            error.StatusCode.ShouldBe(400);
            rejected++;
        }

        rejected.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Random_mutations_never_escape_as_anything_but_a_fhir_exception()
    {
        const string xml = """
            <Observation xmlns="http://hl7.org/fhir"><id value="o"/><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>a &amp; b</p></div></text>
            <contained><Patient><name id="n"><given value="A"/></name></Patient></contained><status value="final"/><code><text value="x"/></code>
            <valueQuantity><value value="1.5"/></valueQuantity><component><code><text value="c"/></code><valueString value="s"/></component></Observation>
            """;
        var random = new Random(20240501);
        const string alphabet = "<>/=\"'&;: abcxyz!-?[]";
        for (var i = 0; i < 3000; i++)
        {
            var chars = xml.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                _parser.Parse(new string(chars));
            }
            catch (FhirException e)
            {
                e.StatusCode.ShouldBe(400);
                e.Issues.ShouldNotBeEmpty();
            }
        }
    }

    private OperationOutcomeIssue AssertRejected(string xml)
    {
        var error = Should.Throw<FhirException>(() => _parser.Parse(xml));
        error.StatusCode.ShouldBe(400);
        return error.Issues.ShouldHaveSingleItem();
    }
}
