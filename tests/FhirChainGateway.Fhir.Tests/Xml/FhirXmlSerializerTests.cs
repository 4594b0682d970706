using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;

namespace FhirChainGateway.Fhir.Tests.Xml;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirXmlSerializerTests(DefinitionsFixture fixture)
{
    private readonly FhirXmlParser _parser = new(fixture.Definitions);
    private readonly FhirXmlSerializer _serializer = new(fixture.Definitions, new FhirXmlSerializerOptions { XmlDeclaration = false });
    private readonly FhirJsonParser _jsonParser = new(fixture.Definitions);

    [Fact]
    public void Writes_elements_in_definition_order_with_attributes_for_id_url_and_value()
    {
        // JSON properties in a scrambled order: the XML comes out in the order the definitions give.
        var patient = _jsonParser.Parse("""
            {"gender":"female","extension":[{"valueString":"x","url":"http://example.org/e","id":"e1"}],
             "name":[{"given":["A"],"id":"n1","family":"Doe"}],"resourceType":"Patient","id":"p1"}
            """);

        _serializer.Serialize(patient).ShouldBe(
            "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p1\" />"
            + "<extension id=\"e1\" url=\"http://example.org/e\"><valueString value=\"x\" /></extension>"
            + "<name id=\"n1\"><family value=\"Doe\" /><given value=\"A\" /></name><gender value=\"female\" /></Patient>");
    }

    [Fact]
    public void Primitive_extensions_become_child_elements_and_extension_only_primitives_have_no_value()
    {
        var patient = _jsonParser.Parse("""
            {"resourceType":"Patient","name":[{"given":["A",null],"_given":[{"id":"g1"},{"extension":[{"url":"u","valueBoolean":true}]}]}]}
            """);

        _serializer.Serialize(patient).ShouldBe(
            "<Patient xmlns=\"http://hl7.org/fhir\"><name><given id=\"g1\" value=\"A\" />"
            + "<given><extension url=\"u\"><valueBoolean value=\"true\" /></extension></given></name></Patient>");
    }

    [Fact]
    public void Resources_are_written_inside_their_container_elements()
    {
        var bundle = _jsonParser.Parse("""
            {"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:x","resource":
              {"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"p"}],"status":"final","code":{"text":"t"}}}]}
            """);

        _serializer.Serialize(bundle).ShouldBe(
            "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\" /><entry><fullUrl value=\"urn:x\" /><resource>"
            + "<Observation><contained><Patient><id value=\"p\" /></Patient></contained><status value=\"final\" /><code><text value=\"t\" /></code></Observation>"
            + "</resource></entry></Bundle>");
    }

    [Fact]
    public void Narrative_is_copied_unchanged()
    {
        const string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\" class='x'>Tom &amp; &quot;Jerry&quot;<br/>\n  <!-- c --></div>";
        var patient = _parser.Parse($"<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/>{div}</text></Patient>");

        foreach (var serializer in new[] { _serializer, new FhirXmlSerializer(fixture.Definitions, FhirXmlSerializerOptions.Pretty) })
        {
            var xml = serializer.Serialize(patient);
            xml.ShouldContain(div);
            _parser.Parse(xml).FirstChild("text")!.ChildText("div").ShouldBe(div);
        }
    }

    [Theory]
    [InlineData("<div>no namespace</div>", "namespace")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\">a</div></text><injected/><text>", "not well-formed")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\">a</div><injected/>", "exactly one div")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>unclosed</div>", "not well-formed")]
    [InlineData("<?xml version=\"1.0\"?><div xmlns=\"http://www.w3.org/1999/xhtml\"/>", "exactly one div")]
    [InlineData("<p xmlns=\"http://www.w3.org/1999/xhtml\"/>", "root element must be a div")]
    [InlineData("<!DOCTYPE div [<!ENTITY e 'x'>]><div xmlns=\"http://www.w3.org/1999/xhtml\">&e;</div>", "not well-formed")]
    public void Narrative_that_could_break_the_document_is_refused(string div, string reason)
    {
        var divJson = System.Text.Json.JsonSerializer.Serialize(div);
        var patient = _jsonParser.Parse("{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":" + divJson + "}}");

        var error = Should.Throw<InvalidOperationException>(() => _serializer.Serialize(patient));

        error.Message.ShouldContain("Patient.text.div");
        error.Message.ShouldContain(reason);
    }

    [Fact]
    public void Line_breaks_tabs_and_markup_characters_in_values_survive()
    {
        var patient = _jsonParser.Parse("""{"resourceType":"Patient","name":[{"text":"a\r\nb\tc\nd  <&>\"'"}]}""");

        var xml = _serializer.Serialize(patient);

        xml.ShouldNotContain("\n");
        _parser.Parse(xml).FirstChild("name")!.ChildText("text").ShouldBe("a\r\nb\tc\nd  <&>\"'");
    }

    [Fact]
    public void Decimals_are_written_exactly_as_they_were_read()
    {
        var observation = _jsonParser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.500e-3}}""");

        _serializer.Serialize(observation).ShouldContain("<valueQuantity><value value=\"1.500e-3\" /></valueQuantity>");
    }

    [Fact]
    public void Output_is_utf8_with_a_declaration_by_default_and_pretty_when_asked()
    {
        var patient = _parser.Parse("<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"Zoë\"/></name></Patient>");

        var bytes = new FhirXmlSerializer(fixture.Definitions).SerializeToUtf8Bytes(patient);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        text.ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Case.Insensitive);
        text.ShouldContain("Zoë");
        bytes.Take(3).ShouldNotBe(new byte[] { 0xEF, 0xBB, 0xBF });

        var pretty = new FhirXmlSerializer(fixture.Definitions, FhirXmlSerializerOptions.Pretty).Serialize(patient);
        pretty.ShouldContain("\n  <name>\n    <text value=\"Zoë\" />\n  </name>");
    }

    [Fact]
    public void Nodes_built_in_code_without_definitions_are_written_by_name()
    {
        var patient = new ElementNode("Patient", "Patient") { IsResource = true };
        patient.Add(new ElementNode("active", "boolean") { Text = "true" });
        var name = patient.Add(new ElementNode("name", "HumanName"));
        name.Add(new ElementNode("family", "string") { Text = "Doe" });
        patient.Add(new ElementNode("id", "id") { Text = "p" });

        _serializer.Serialize(patient).ShouldBe(
            "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p\" /><active value=\"true\" /><name><family value=\"Doe\" /></name></Patient>");
    }

    [Fact]
    public void Trees_no_document_could_produce_are_programming_errors()
    {
        var twoGenders = new ElementNode("Patient", "Patient") { IsResource = true };
        twoGenders.Add(new ElementNode("gender", "code") { Text = "male" });
        twoGenders.Add(new ElementNode("gender", "code") { Text = "female" });
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(twoGenders)).Message.ShouldContain("allows one");

        var unknown = new ElementNode("Patient", "Patient") { IsResource = true };
        unknown.Add(new ElementNode("nickname", "string") { Text = "x" });
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(unknown)).Message.ShouldContain("nickname");

        var controlCharacter = _jsonParser.Parse("""{"resourceType":"Patient","name":[{"text":"a\u0001b"}]}""");
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(controlCharacter)).Message.ShouldContain("Patient.name[0].text");

        var urlWithExtension = _jsonParser.Parse("""{"resourceType":"Patient","extension":[{"url":"u","_url":{"id":"x"},"valueString":"s"}]}""");
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(urlWithExtension)).Message.ShouldContain("attribute 'url'");
    }

    [Fact]
    public void Serializing_twice_gives_the_same_bytes()
    {
        var observation = _parser.Parse("""
            <Observation xmlns="http://hl7.org/fhir"><code><text value="x"/></code><status value="final"/><id value="o"/></Observation>
            """);

        var once = _serializer.SerializeToUtf8Bytes(observation);
        var twice = _serializer.SerializeToUtf8Bytes(_parser.Parse(once));

        twice.ShouldBe(once);
    }
}
