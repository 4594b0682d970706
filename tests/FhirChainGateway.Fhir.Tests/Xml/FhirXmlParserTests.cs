using System.Text;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;

namespace FhirChainGateway.Fhir.Tests.Xml;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirXmlParserTests(DefinitionsFixture fixture)
{
    private readonly FhirXmlParser _parser = new(fixture.Definitions);
    private readonly FhirJsonParser _jsonParser = new(fixture.Definitions);

    [Fact]
    public void The_root_is_a_resource_node_and_primitives_come_from_value_attributes()
    {
        var patient = _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir">
              <id value="p1"/>
              <active value="true"/>
              <name><given value="Ann"/><given value="Marie"/></name>
            </Patient>
            """);

        patient.Name.ShouldBe("Patient");
        patient.InstanceType.ShouldBe("Patient");
        patient.IsResource.ShouldBeTrue();
        patient.Definition!.Path.ShouldBe("Patient");
        patient.ChildText("id").ShouldBe("p1");
        patient.FirstChild("id")!.InstanceType.ShouldBe("id");
        patient.FirstChild("active")!.Value.ShouldBe(true);
        var given = patient.FirstChild("name")!.ChildrenNamed("given").ToList();
        given.Select(g => g.Text).ShouldBe(["Ann", "Marie"]);
        given[1].Location.ShouldBe("Patient.name[0].given[1]");
    }

    [Fact]
    public void Ids_and_extension_urls_are_attributes_and_become_primitive_children()
    {
        var patient = _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir">
              <name id="n1"><family id="f1" value="Doe"/></name>
              <extension url="http://example.org/ext"><valueString value="x"/></extension>
            </Patient>
            """);

        var name = patient.FirstChild("name")!;
        name.ChildText("id").ShouldBe("n1");
        name.FirstChild("id")!.Definition!.IsXmlAttribute.ShouldBeTrue();
        var family = name.FirstChild("family")!;
        family.Text.ShouldBe("Doe");
        family.ChildText("id").ShouldBe("f1");
        var extension = patient.FirstChild("extension")!;
        extension.ChildText("url").ShouldBe("http://example.org/ext");
        extension.FirstChild("url")!.InstanceType.ShouldBe("uri");
        extension.FirstChild("value")!.InstanceType.ShouldBe("string");
    }

    [Fact]
    public void A_primitive_with_only_extensions_has_no_text_as_in_json()
    {
        var patient = _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir">
              <birthDate>
                <extension url="http://hl7.org/fhir/StructureDefinition/data-absent-reason"><valueCode value="unknown"/></extension>
              </birthDate>
            </Patient>
            """);

        var birthDate = patient.FirstChild("birthDate")!;
        birthDate.HasValue.ShouldBeFalse();
        birthDate.InstanceType.ShouldBe("date");
        birthDate.FirstChild("extension")!.FirstChild("value")!.Text.ShouldBe("unknown");
        AssertSameAsJson(patient, """
            {"resourceType":"Patient","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}
            """);
    }

    [Fact]
    public void Choice_elements_are_named_without_the_type_suffix_and_typed_by_it()
    {
        var observation = _parser.Parse("""
            <Observation xmlns="http://hl7.org/fhir">
              <status value="final"/><code><text value="weight"/></code>
              <effectiveDateTime value="2024-05-01T10:00:00Z"/>
              <valueQuantity><value value="72.50"/><unit value="kg"/></valueQuantity>
            </Observation>
            """);

        var value = observation.FirstChild("value")!;
        value.InstanceType.ShouldBe("Quantity");
        value.IsChoice.ShouldBeTrue();
        value.Definition!.Path.ShouldBe("Observation.value[x]");
        value.ChildText("value").ShouldBe("72.50");
        observation.FirstChild("effective")!.InstanceType.ShouldBe("dateTime");
    }

    [Fact]
    public void Contained_and_nested_resources_are_resource_nodes_named_by_their_element()
    {
        var bundle = _parser.Parse("""
            <Bundle xmlns="http://hl7.org/fhir">
              <type value="collection"/>
              <entry><resource>
                <Observation>
                  <contained><Patient><id value="p"/></Patient></contained>
                  <status value="final"/><code><text value="x"/></code>
                </Observation>
              </resource></entry>
              <entry><resource>
                <Parameters><parameter><name value="p"/><resource><Patient><active value="true"/></Patient></resource></parameter></Parameters>
              </resource></entry>
            </Bundle>
            """);

        var entries = bundle.ChildrenNamed("entry").ToList();
        var observation = entries[0].FirstChild("resource")!;
        observation.IsResource.ShouldBeTrue();
        observation.InstanceType.ShouldBe("Observation");
        observation.Definition!.Path.ShouldBe("Bundle.entry.resource");
        var contained = observation.FirstChild("contained")!;
        contained.IsResource.ShouldBeTrue();
        contained.InstanceType.ShouldBe("Patient");
        contained.Location.ShouldBe("Bundle.entry[0].resource.contained[0]");
        contained.ChildText("id").ShouldBe("p");
        var parameterResource = entries[1].FirstChild("resource")!.FirstChild("parameter")!.FirstChild("resource")!;
        parameterResource.InstanceType.ShouldBe("Patient");
        parameterResource.IsResource.ShouldBeTrue();
    }

    [Fact]
    public void Narrative_is_kept_as_its_exact_source_text()
    {
        const string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\" class='a'>\n  <p>Tom &amp; &quot;Jerry&quot; &#39;x&#39; <b>bold</b><br/></p><!-- note -->\n</div>";
        var patient = _parser.Parse($"""
            <Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/>{div}</text></Patient>
            """);

        var node = patient.FirstChild("text")!.FirstChild("div")!;
        node.InstanceType.ShouldBe("xhtml");
        node.Text.ShouldBe(div);
    }

    [Fact]
    public void Narrative_line_ends_are_normalised_as_xml_requires()
    {
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\">a\r\nb\rc</div></text></Patient>";

        _parser.Parse(xml).FirstChild("text")!.ChildText("div").ShouldBe("<div xmlns=\"http://www.w3.org/1999/xhtml\">a\nb\nc</div>");
    }

    [Fact]
    public void Narrative_positions_count_surrogate_pairs_and_tabs_like_the_reader()
    {
        // The div is found in the source from the reader's line/column: characters before it on its line must not shift it.
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">\n\t<text><status value=\"😀\"/>\t<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>😀</p></div></text></Patient>";

        _parser.Parse(xml).FirstChild("text")!.ChildText("div").ShouldBe("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>😀</p></div>");
    }

    [Fact]
    public void An_empty_narrative_div_is_kept_as_written()
    {
        var patient = _parser.Parse("""<Patient xmlns="http://hl7.org/fhir"><text><status value="empty"/><div xmlns="http://www.w3.org/1999/xhtml" title='a/>b'/></text></Patient>""");

        patient.FirstChild("text")!.ChildText("div").ShouldBe("""<div xmlns="http://www.w3.org/1999/xhtml" title='a/>b'/>""");
    }

    [Fact]
    public void A_narrative_relying_on_an_outer_prefix_is_rewritten_to_stand_alone()
    {
        var patient = _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir" xmlns:h="http://www.w3.org/1999/xhtml"><text><status value="generated"/><h:div><h:p class="c">Hi &amp; bye</h:p></h:div></text></Patient>
            """);

        patient.FirstChild("text")!.ChildText("div").ShouldBe("""<div xmlns="http://www.w3.org/1999/xhtml"><p class="c">Hi &amp; bye</p></div>""");
    }

    [Fact]
    public void A_narrative_with_an_inner_element_relying_on_an_outer_prefix_is_rewritten_to_stand_alone()
    {
        var patient = _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir" xmlns:svg="http://www.w3.org/2000/svg"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>a</p><svg:svg width="1"/></div></text></Patient>
            """);

        var div = patient.FirstChild("text")!.ChildText("div")!;
        div.ShouldBe("""<div xmlns="http://www.w3.org/1999/xhtml"><p>a</p><svg:svg width="1" xmlns:svg="http://www.w3.org/2000/svg" /></div>""");
    }

    [Fact]
    public void Comments_processing_instructions_and_whitespace_are_ignored()
    {
        var patient = _parser.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- before -->
            <?some-pi data?>
            <Patient xmlns="http://hl7.org/fhir" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://hl7.org/fhir fhir-all.xsd">
              <!-- inside --><active value="true"/><?another?>
            </Patient>
            <!-- after -->
            """);

        patient.Children.ShouldHaveSingleItem().Name.ShouldBe("active");
    }

    [Fact]
    public void Elements_out_of_definition_order_are_accepted_in_document_order()
    {
        // FHIR XML requires definition order; the parser reads what the document plainly means (the serializer writes spec order).
        var patient = _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir"><gender value="female"/><name><family value="Doe"/></name><active value="true"/><id value="p"/></Patient>
            """);

        patient.Children.Select(c => c.Name).ShouldBe(["gender", "name", "active", "id"]);
        new FhirXmlSerializer(fixture.Definitions, new FhirXmlSerializerOptions { XmlDeclaration = false }).Serialize(patient).ShouldBe(
            "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p\" /><active value=\"true\" /><name><family value=\"Doe\" /></name><gender value=\"female\" /></Patient>");
    }

    [Fact]
    public void The_fhir_namespace_may_be_declared_with_any_prefix()
    {
        var patient = _parser.Parse("""<f:Patient xmlns:f="http://hl7.org/fhir"><f:name><f:given value="A"/></f:name></f:Patient>""");

        patient.InstanceType.ShouldBe("Patient");
        patient.FirstChild("name")!.ChildText("given").ShouldBe("A");
    }

    [Fact]
    public void Values_keep_their_exact_lexical_form_and_attribute_escapes()
    {
        var observation = _parser.Parse("""
            <Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="a&#10;b&#9;c &lt;&amp;&gt; &quot;q&quot;"/></code>
              <valueQuantity><value value="1.000000000000000000001"/></valueQuantity></Observation>
            """);

        observation.FirstChild("code")!.ChildText("text").ShouldBe("a\nb\tc <&> \"q\"");
        observation.FirstChild("value")!.ChildText("value").ShouldBe("1.000000000000000000001");
    }

    [Fact]
    public void Xml_gives_the_tree_json_gives_for_the_same_resource()
    {
        var fromXml = _parser.Parse("""
            <Observation xmlns="http://hl7.org/fhir">
              <id value="o1"/>
              <meta><profile value="http://example.org/a"/><profile value="http://example.org/b"/></meta>
              <contained><Patient><id value="p"/><name><given value="A"/><given id="g2"><extension url="http://example.org/e"><valueBoolean value="true"/></extension></given></name></Patient></contained>
              <status value="final"/>
              <code><coding id="c1"><system value="http://loinc.org"/><code value="1-8"/></coding></code>
              <subject><reference value="#p"/></subject>
              <valuePeriod><start value="2024-01-01"/></valuePeriod>
              <component><code><text value="x"/></code><valueInteger value="-5"/></component>
            </Observation>
            """);

        AssertSameAsJson(fromXml, """
            {"resourceType":"Observation","id":"o1",
             "meta":{"profile":["http://example.org/a","http://example.org/b"]},
             "contained":[{"resourceType":"Patient","id":"p","name":[{"given":["A",null],"_given":[null,{"id":"g2","extension":[{"url":"http://example.org/e","valueBoolean":true}]}]}]}],
             "status":"final",
             "code":{"coding":[{"id":"c1","system":"http://loinc.org","code":"1-8"}]},
             "subject":{"reference":"#p"},
             "valuePeriod":{"start":"2024-01-01"},
             "component":[{"code":{"text":"x"},"valueInteger":-5}]}
            """);
    }

    [Fact]
    public async Task Byte_stream_and_string_input_give_the_same_tree()
    {
        const string xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"Zoë 😀\"/></name></Patient>";
        var bytes = Encoding.UTF8.GetBytes(xml);
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. bytes];

        var fromString = _parser.Parse(xml);
        fromString.FirstChild("name")!.ChildText("text").ShouldBe("Zoë 😀");
        ElementTreeComparer.Differences(fromString, _parser.Parse(bytes)).ShouldBeEmpty();
        ElementTreeComparer.Differences(fromString, _parser.Parse(withBom)).ShouldBeEmpty();
        ElementTreeComparer.Differences(fromString, _parser.Parse(new MemoryStream(withBom))).ShouldBeEmpty();
        ElementTreeComparer.Differences(fromString, await _parser.ParseAsync(new MemoryStream(bytes))).ShouldBeEmpty();
        ElementTreeComparer.Differences(fromString, _parser.Parse("\uFEFF" + xml)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><foo value=\"1\"/></Patient>", "Unknown element 'foo'", "Patient.foo", 1, 38)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\">\n  <name><given value=\"a\" lang=\"en\"/></name></Patient>", "Unknown attribute 'lang' on 'given'", "Patient.name[0].given[0]", 2, 26)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><name><x:family xmlns:x=\"urn:other\" value=\"a\"/></name></Patient>", "namespace 'urn:other'", "Patient.name[0].family", 1, 44)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div><p>x</p></div></text></Patient>", "must be an XHTML div", "Patient.text.div", 1, 71)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\">yes</active></Patient>", "contains text", "Patient.active", 1, 59)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/><active value=\"false\"/></Patient>", "appears more than once", "Patient.active", 1, 60)]
    [InlineData("<Observation xmlns=\"http://hl7.org/fhir\"><valueString value=\"a\"/><valueBoolean value=\"true\"/></Observation>", "choice element 'value[x]'", "Observation.valueBoolean", 1, 66)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><name><id value=\"n\"/></name></Patient>", "XML attribute", "Patient.name[0].id", 1, 44)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><extension><url value=\"u\"/></extension></Patient>", "XML attribute", "Patient.extension[0].url", 1, 49)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active/></Patient>", "neither a value attribute nor an id/extension", "Patient.active", 1, 38)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\" id=\"p\"/>", "Unknown attribute 'id' on 'Patient'", "Patient", 1, 38)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p\"><extension url=\"u\"><valueString value=\"x\"/></extension></id></Patient>", "Unknown element 'extension'", "Patient.id.extension", 1, 52)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><contained/></Patient>", "must hold one resource", "Patient.contained[0]", 1, 38)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><contained><Basic/><Basic/></contained></Patient>", "more than one resource", "Patient.contained[0]", 1, 57)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><contained><Foo/></contained></Patient>", "Unknown resource type 'Foo'", "Patient.contained[0]", 1, 49)]
    [InlineData("<Resource xmlns=\"http://hl7.org/fhir\"/>", "Unknown resource type 'Resource'", null, 1, 1)]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><name><given value=\"a\"/></name><name><given value=\"b\"/><given value=\"c\"/><bad value=\"x\"/></name></Patient>", "Unknown element 'bad'", "Patient.name[1].bad", 1, 111)]
    public void Structural_errors_are_400_with_location_line_and_column(string xml, string message, string? location, int line, int column)
    {
        var error = Should.Throw<FhirException>(() => _parser.Parse(xml));

        error.StatusCode.ShouldBe(400);
        var issue = error.Issues.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(IssueSeverity.Error);
        issue.Code.ShouldBe("structure");
        issue.Diagnostics.ShouldContain(message);
        issue.Location.ShouldBe(location);
        issue.Line.ShouldBe(line);
        issue.Column.ShouldBe(column);
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var error = Should.Throw<FhirException>(() => _parser.Parse("""
            <Patient xmlns="http://hl7.org/fhir">
              <foo/>
              <active value="true" bar="1"/>
              <name><baz/></name>
            </Patient>
            """));

        error.Issues.Select(i => i.Location).ShouldBe(["Patient.foo", "Patient.active", "Patient.name[0].baz"]);
        error.Issues.Select(i => i.Line).ShouldBe([2, 3, 4]);
    }

    [Fact]
    public void Errors_stop_at_the_cap()
    {
        var parser = new FhirXmlParser(fixture.Definitions, new FhirXmlParserOptions { MaxIssues = 3 });
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Range(0, 10).Select(i => $"<bad{i}/>")) + "</Patient>";

        var error = Should.Throw<FhirException>(() => parser.Parse(xml));

        error.Issues.Count.ShouldBe(4);
        error.Issues[^1].Code.ShouldBe("too-costly");
    }

    private void AssertSameAsJson(ElementNode fromXml, string json) =>
        ElementTreeComparer.Differences(_jsonParser.Parse(json), fromXml).ShouldBeEmpty();
}
