using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Tests.Serialization;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirJsonParserTests(DefinitionsFixture fixture)
{
    private readonly FhirJsonParser _parser = new(fixture.Definitions);

    [Fact]
    public void The_root_is_a_resource_node_typed_by_resourceType()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","id":"p1","active":true}""");

        patient.Name.ShouldBe("Patient");
        patient.InstanceType.ShouldBe("Patient");
        patient.IsResource.ShouldBeTrue();
        patient.Definition!.Path.ShouldBe("Patient");
        patient.Location.ShouldBe("Patient");
        patient.ChildText("id").ShouldBe("p1");
        patient.FirstChild("id")!.InstanceType.ShouldBe("id");
        patient.FirstChild("active")!.InstanceType.ShouldBe("boolean");
        patient.FirstChild("active")!.Value.ShouldBe(true);
    }

    [Fact]
    public void ResourceType_need_not_be_the_first_property()
    {
        var patient = _parser.Parse("""{"id":"p1","gender":"female","resourceType":"Patient"}""");

        patient.InstanceType.ShouldBe("Patient");
        patient.ChildText("gender").ShouldBe("female");
    }

    [Fact]
    public void Choice_elements_are_named_without_the_type_suffix_and_typed_by_it()
    {
        var observation = _parser.Parse("""
            {"resourceType":"Observation","status":"final","code":{"text":"weight"},
             "valueQuantity":{"value":72.50,"unit":"kg"},"effectiveDateTime":"2024-05-01T10:00:00Z"}
            """);

        var value = observation.FirstChild("value")!;
        value.InstanceType.ShouldBe("Quantity");
        value.IsChoice.ShouldBeTrue();
        value.Definition!.Path.ShouldBe("Observation.value[x]");
        value.FirstChild("value")!.Text.ShouldBe("72.50");
        value.FirstChild("value")!.InstanceType.ShouldBe("decimal");
        observation.FirstChild("effective")!.InstanceType.ShouldBe("dateTime");
        observation.FirstChild("effective")!.Text.ShouldBe("2024-05-01T10:00:00Z");
    }

    [Fact]
    public void Decimals_keep_their_exact_lexical_form()
    {
        var observation = _parser.Parse("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},
             "valueQuantity":{"value":1.000000000000000000001},
             "component":[{"code":{"text":"a"},"valueQuantity":{"value":1E+2}},{"code":{"text":"b"},"valueQuantity":{"value":-0.0}}]}
            """);

        observation.FirstChild("value")!.ChildText("value").ShouldBe("1.000000000000000000001");
        observation.ChildrenNamed("component").Select(c => c.FirstChild("value")!.ChildText("value")).ShouldBe(["1E+2", "-0.0"]);
    }

    [Fact]
    public void A_primitive_and_its_underscore_companion_make_one_node()
    {
        var patient = _parser.Parse("""
            {"resourceType":"Patient",
             "_birthDate":{"id":"b1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1970-03-30T08:30:00Z"}]},
             "birthDate":"1970-03-30"}
            """);

        var birthDate = patient.ChildrenNamed("birthDate").ShouldHaveSingleItem();
        birthDate.Text.ShouldBe("1970-03-30");
        birthDate.ChildText("id").ShouldBe("b1");
        var extension = birthDate.FirstChild("extension")!;
        extension.ChildText("url").ShouldBe("http://hl7.org/fhir/StructureDefinition/patient-birthTime");
        extension.FirstChild("value")!.InstanceType.ShouldBe("dateTime");
        extension.Location.ShouldBe("Patient.birthDate.extension[0]");
    }

    [Fact]
    public void Primitive_arrays_align_with_their_underscore_arrays_through_nulls()
    {
        var patient = _parser.Parse("""
            {"resourceType":"Patient","name":[{
              "given":["Ann",null,"Cara"],
              "_given":[null,{"extension":[{"url":"http://example.org/x","valueString":"B"}]},{"id":"g3"}]}]}
            """);

        var given = patient.FirstChild("name")!.ChildrenNamed("given").ToList();
        given.Count.ShouldBe(3);
        given.Select(g => g.Text).ShouldBe(["Ann", null, "Cara"]);
        given[0].Children.ShouldBeEmpty();
        given[1].FirstChild("extension")!.FirstChild("value")!.Text.ShouldBe("B");
        given[2].ChildText("id").ShouldBe("g3");
        given[1].Location.ShouldBe("Patient.name[0].given[1]");
    }

    [Fact]
    public void An_underscore_array_may_come_before_its_values()
    {
        var patient = _parser.Parse("""
            {"resourceType":"Patient","name":[{"_given":[{"id":"a"},null],"given":["Ann","Bea"]}]}
            """);

        var given = patient.FirstChild("name")!.ChildrenNamed("given").ToList();
        given.Select(g => g.Text).ShouldBe(["Ann", "Bea"]);
        given[0].ChildText("id").ShouldBe("a");
    }

    [Fact]
    public void Contained_resources_are_resource_nodes_inside_their_container()
    {
        var observation = _parser.Parse("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"#p"},
             "contained":[{"resourceType":"Patient","id":"p","name":[{"family":"Doe"}]}]}
            """);

        var contained = observation.FirstChild("contained")!;
        contained.IsResource.ShouldBeTrue();
        contained.InstanceType.ShouldBe("Patient");
        contained.Name.ShouldBe("contained");
        contained.FirstChild("name")!.FirstChild("family")!.Location.ShouldBe("Observation.contained[0].name[0].family");
        contained.ContainingResource().ShouldBeSameAs(contained);
        contained.FirstChild("name")!.ContainingResource().ShouldBeSameAs(contained);
    }

    [Fact]
    public void Bundle_entries_and_parameters_hold_nested_resources()
    {
        var bundle = _parser.Parse("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"a"}},
              {"resource":{"resourceType":"Parameters","parameter":[{"name":"p","resource":{"resourceType":"Organization","name":"Acme"}}]}}]}
            """);

        var entries = bundle.ChildrenNamed("entry").ToList();
        var patient = entries[0].FirstChild("resource")!;
        patient.IsResource.ShouldBeTrue();
        patient.InstanceType.ShouldBe("Patient");
        patient.Location.ShouldBe("Bundle.entry[0].resource");
        var organization = entries[1].FirstChild("resource")!.FirstChild("parameter")!.FirstChild("resource")!;
        organization.InstanceType.ShouldBe("Organization");
        organization.ChildText("name").ShouldBe("Acme");
        organization.FirstChild("name")!.Location.ShouldBe("Bundle.entry[1].resource.parameter[0].resource.name");
    }

    [Fact]
    public void Backbone_elements_and_content_references_are_typed()
    {
        var questionnaire = _parser.Parse("""
            {"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"linkId":"1.1","type":"string"}]}]}
            """);

        var item = questionnaire.FirstChild("item")!;
        item.InstanceType.ShouldBe("BackboneElement");
        var nested = item.FirstChild("item")!;
        nested.Definition!.Path.ShouldBe("Questionnaire.item.item");
        nested.ChildText("linkId").ShouldBe("1.1");
        nested.FirstChild("linkId")!.Location.ShouldBe("Questionnaire.item[0].item[0].linkId");
    }

    [Fact]
    public void Comments_of_old_style_json_are_ignored()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","fhir_comments":["a comment"],"active":false}""");

        patient.Children.Select(c => c.Name).ShouldBe(["active"]);
    }

    [Fact]
    public void Strings_are_unescaped_and_may_hold_any_unicode()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","name":[{"family":"M\u00fcller \"\\\/ 😀","text":"Zoë"}]}""");

        patient.FirstChild("name")!.ChildText("family").ShouldBe("Müller \"\\/ 😀");
        patient.FirstChild("name")!.ChildText("text").ShouldBe("Zoë");
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. """{"resourceType":"Patient"}"""u8];

        _parser.Parse(json).InstanceType.ShouldBe("Patient");
    }

    [Fact]
    public async Task Streams_are_parsed_like_bytes()
    {
        var json = """{"resourceType":"Patient","id":"s"}"""u8.ToArray();

        _parser.Parse(new MemoryStream(json)).ChildText("id").ShouldBe("s");
        (await _parser.ParseAsync(new MemoryStream(json))).ChildText("id").ShouldBe("s");
    }

    [Fact]
    public void Large_bodies_within_the_limit_are_read_from_streams_in_full()
    {
        var notes = string.Join(",", Enumerable.Range(0, 5000).Select(i => $$"""{"text":"note {{i}} {{new string('x', 40)}}"}"""));
        var json = $$"""{"resourceType":"Observation","status":"final","code":{"text":"x"},"note":[{{notes}}]}""";

        var observation = _parser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        observation.ChildrenNamed("note").Count().ShouldBe(5000);
        observation.ChildrenNamed("note").Last().ChildText("text").ShouldStartWith("note 4999 ");
    }

    [Fact]
    public void Typed_values_follow_the_primitive_type()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","multipleBirthInteger":2,"active":false}""");

        patient.FirstChild("multipleBirth")!.Value.ShouldBe(2);
        patient.FirstChild("multipleBirth")!.InstanceType.ShouldBe("integer");
        patient.FirstChild("active")!.Value.ShouldBe(false);
    }
}
