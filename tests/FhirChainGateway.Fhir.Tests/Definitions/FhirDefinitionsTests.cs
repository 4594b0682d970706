using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Tests.Definitions;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirDefinitionsTests(DefinitionsFixture fixture)
{
    private readonly FhirDefinitions _definitions = fixture.Definitions;

    [Fact]
    public void Patient_birthDate_is_a_single_optional_date()
    {
        var birthDate = _definitions.FindElement("Patient.birthDate");

        birthDate.ShouldNotBeNull();
        birthDate.Types.ShouldBe(["date"]);
        birthDate.Min.ShouldBe(0);
        birthDate.Max.ShouldBe(1);
        birthDate.IsCollection.ShouldBeFalse();
        birthDate.IsChoice.ShouldBeFalse();
        birthDate.IsSummary.ShouldBeTrue();
    }

    [Fact]
    public void Observation_value_is_a_choice_of_the_eleven_types_of_the_specification()
    {
        var value = _definitions.FindElement("Observation.value[x]");

        value.ShouldNotBeNull();
        value.IsChoice.ShouldBeTrue();
        value.Name.ShouldBe("value");
        value.Types.ShouldBe(["Quantity", "CodeableConcept", "string", "boolean", "integer", "Range", "Ratio", "SampledData", "time", "dateTime", "Period"]);
        value.JsonName("Quantity").ShouldBe("valueQuantity");
        value.JsonName("dateTime").ShouldBe("valueDateTime");
        _definitions.FindElement("Observation.value").ShouldBeSameAs(value);
    }

    [Fact]
    public void Bundle_entry_resource_holds_any_resource()
    {
        var resource = _definitions.FindElement("Bundle.entry.resource");

        resource.ShouldNotBeNull();
        resource.Types.ShouldBe(["Resource"]);
        resource.IsCollection.ShouldBeFalse();
        _definitions.FindType("Resource")!.Kind.ShouldBe(TypeKind.Resource);
        _definitions.FindType("Resource")!.IsAbstract.ShouldBeTrue();
    }

    [Fact]
    public void Required_elements_have_min_one()
    {
        _definitions.FindElement("Observation.status")!.Min.ShouldBe(1);
        _definitions.FindElement("Observation.code")!.Min.ShouldBe(1);
        _definitions.FindElement("Bundle.type")!.Min.ShouldBe(1);
        _definitions.FindElement("Observation.status")!.IsModifier.ShouldBeTrue();
    }

    [Fact]
    public void Patient_children_are_in_specification_order()
    {
        // Hand-copied from the R4 Patient content table (https://hl7.org/fhir/R4/patient.html).
        string[] expected =
        [
            "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
            "identifier", "active", "name", "telecom", "gender", "birthDate", "deceased", "address", "maritalStatus",
            "multipleBirth", "photo", "contact", "communication", "generalPractitioner", "managingOrganization", "link",
        ];

        var children = _definitions.ChildrenOf("Patient");

        children.Select(c => c.Name).ShouldBe(expected);
        children.Select(c => c.Order).ShouldBe(Enumerable.Range(0, expected.Length));
    }

    [Fact]
    public void HumanName_children_are_in_specification_order_and_given_repeats()
    {
        var children = _definitions.ChildrenOf("HumanName");

        children.Select(c => c.Name).ShouldBe(["id", "extension", "use", "text", "family", "given", "prefix", "suffix", "period"]);
        children.Single(c => c.Name == "given").IsCollection.ShouldBeTrue();
        children.Single(c => c.Name == "family").IsCollection.ShouldBeFalse();
    }

    [Fact]
    public void Resource_types_are_the_concrete_resources()
    {
        _definitions.IsResourceType("Patient").ShouldBeTrue();
        _definitions.IsResourceType("Bundle").ShouldBeTrue();
        _definitions.IsResourceType("DomainResource").ShouldBeFalse();
        _definitions.IsResourceType("Resource").ShouldBeFalse();
        _definitions.IsResourceType("HumanName").ShouldBeFalse();
        _definitions.IsResourceType("MetadataResource").ShouldBeFalse();
        _definitions.ResourceTypeNames.ShouldContain("Observation");
        _definitions.ResourceTypeNames.Count.ShouldBeGreaterThanOrEqualTo(145);
        _definitions.ResourceTypeNames.ShouldBe(_definitions.ResourceTypeNames.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Base_type_chains_lead_to_Resource_and_Element()
    {
        _definitions.BaseTypesOf("Patient").ShouldBe(["DomainResource", "Resource"]);
        _definitions.BaseTypesOf("Bundle").ShouldBe(["Resource"]);
        _definitions.BaseTypesOf("Age").ShouldBe(["Quantity", "Element"]);
        _definitions.BaseTypesOf("code").ShouldBe(["string", "Element"]);
        _definitions.BaseTypesOf("Resource").ShouldBeEmpty();
        _definitions.IsSameOrSubtypeOf("Patient", "DomainResource").ShouldBeTrue();
        _definitions.IsSameOrSubtypeOf("Bundle", "DomainResource").ShouldBeFalse();
        _definitions.FindType("Patient")!.BaseType.ShouldBe("DomainResource");
    }

    [Fact]
    public void Primitive_types_carry_their_regex_system_type_and_json_representation()
    {
        var date = _definitions.FindType("date")!;
        date.IsPrimitive.ShouldBeTrue();
        date.ValuePattern.ShouldNotBeNull();
        date.ValuePattern.ShouldStartWith("([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)");
        date.SystemType.ShouldBe("System.Date");
        date.JsonType.ShouldBe(PrimitiveJsonType.String);

        _definitions.FindType("boolean")!.JsonType.ShouldBe(PrimitiveJsonType.Boolean);
        _definitions.FindType("decimal")!.JsonType.ShouldBe(PrimitiveJsonType.Number);
        _definitions.FindType("unsignedInt")!.JsonType.ShouldBe(PrimitiveJsonType.Number);
        _definitions.FindType("id")!.ValuePattern.ShouldBe("[A-Za-z0-9\\-\\.]{1,64}");
        _definitions.FindType("string")!.MaxLength.ShouldBe(1048576);
        _definitions.IsPrimitiveType("instant").ShouldBeTrue();
        _definitions.IsPrimitiveType("Quantity").ShouldBeFalse();
    }

    [Fact]
    public void A_primitive_type_has_id_and_extension_children_but_no_value_child()
    {
        _definitions.ChildrenOf("dateTime").Select(c => c.Name).ShouldBe(["id", "extension"]);
    }

    [Fact]
    public void Ids_and_extension_urls_get_fhir_types_instead_of_system_types()
    {
        var resourceId = _definitions.FindElement("Patient.id")!;
        resourceId.Types.ShouldBe(["id"]);
        resourceId.AllowsExtensions.ShouldBeFalse();

        var elementId = _definitions.FindElement("HumanName.id")!;
        elementId.Types.ShouldBe(["string"]);
        elementId.AllowsExtensions.ShouldBeFalse();
        elementId.IsXmlAttribute.ShouldBeTrue();

        var url = _definitions.FindElement("Extension.url")!;
        url.Types.ShouldBe(["uri"]);
        url.AllowsExtensions.ShouldBeTrue();
        url.IsXmlAttribute.ShouldBeTrue();
        url.Min.ShouldBe(1);
    }

    [Fact]
    public void Content_references_are_followed_for_children()
    {
        var nested = _definitions.FindElement("Questionnaire.item.item");

        nested.ShouldNotBeNull();
        nested.ContentReference.ShouldBe("Questionnaire.item");
        nested.ContentReferenceTarget.ShouldBeSameAs(_definitions.FindElement("Questionnaire.item"));
        nested.Types.ShouldBe(["BackboneElement"]);
        nested.HasInlineChildren.ShouldBeFalse();
        var children = _definitions.ChildrenOf(nested, "BackboneElement");
        children.Select(c => c.Name).ShouldContain("linkId");
        children.Select(c => c.Name).ShouldContain("item");
        _definitions.FindChild(nested, "BackboneElement", "linkId")!.Min.ShouldBe(1);
    }

    [Fact]
    public void Children_of_an_element_typed_by_a_named_type_are_that_types_elements()
    {
        var name = _definitions.FindElement("Patient.name")!;

        _definitions.ChildrenOf(name, "HumanName").ShouldBeSameAs(_definitions.ChildrenOf("HumanName"));
        var value = _definitions.FindElement("Observation.value[x]")!;
        _definitions.ChildrenOf(value, "Quantity").Select(c => c.Name).ShouldContain("unit");
        var resource = _definitions.FindElement("Bundle.entry.resource")!;
        _definitions.ChildrenOf(resource, "Patient").Select(c => c.Name).ShouldContain("birthDate");
    }

    [Fact]
    public void Json_property_names_resolve_choices()
    {
        var observation = _definitions.FindType("Observation")!.Root;

        var match = _definitions.FindJsonProperty(observation, "Observation", "valueQuantity");
        match.ShouldNotBeNull();
        match.Value.Element.Path.ShouldBe("Observation.value[x]");
        match.Value.InstanceType.ShouldBe("Quantity");
        _definitions.FindJsonProperty(observation, "Observation", "valueAddress").ShouldBeNull();
        _definitions.FindJsonProperty(observation, "Observation", "value").ShouldBeNull();
    }

    [Fact]
    public void Element_paths_walk_through_types()
    {
        _definitions.FindElement("Patient.name.given")!.Path.ShouldBe("HumanName.given");
        _definitions.FindElement("Patient.contact.name.family")!.Path.ShouldBe("HumanName.family");
        _definitions.FindElement("Patient.contact.relationship")!.Path.ShouldBe("Patient.contact.relationship");
        _definitions.FindElement("Patient.nonsense").ShouldBeNull();
        _definitions.FindElement("NoSuchType.id").ShouldBeNull();
        _definitions.FindElement("Observation.value.unit").ShouldBeNull();
    }

    [Fact]
    public void Elements_keep_bindings_constraints_and_target_profiles()
    {
        var gender = _definitions.FindElement("Patient.gender")!;
        gender.Binding.ShouldNotBeNull();
        gender.Binding.Strength.ShouldBe(BindingStrength.Required);
        gender.Binding.ValueSet.ShouldStartWith("http://hl7.org/fhir/ValueSet/administrative-gender");

        var subject = _definitions.FindElement("Observation.subject")!;
        subject.TargetProfiles.ShouldContain("http://hl7.org/fhir/StructureDefinition/Patient");

        var root = _definitions.FindType("Patient")!.Root;
        _definitions.FindElement("Patient.contact")!.Constraints.Select(c => c.Key).ShouldContain("pat-1");
        root.Constraints.Select(c => c.Key).ShouldContain("dom-2");
        root.Constraints.Single(c => c.Key == "dom-2").Expression.ShouldBe("contained.contained.empty()");
    }

    [Fact]
    public void Structures_are_found_by_canonical_url_with_or_without_version()
    {
        var patient = _definitions.FindStructure("http://hl7.org/fhir/StructureDefinition/Patient");
        patient.ShouldNotBeNull();
        patient.TypeDefinition.ShouldBeSameAs(_definitions.FindType("Patient"));
        patient.Derivation.ShouldBe(StructureDerivation.Specialization);
        patient.Origin.ShouldBe(DefinitionOrigin.Core);
        _definitions.FindStructure("http://hl7.org/fhir/StructureDefinition/Patient|4.0.1").ShouldBeSameAs(patient);

        var simpleQuantity = _definitions.FindStructure("http://hl7.org/fhir/StructureDefinition/SimpleQuantity");
        simpleQuantity.ShouldNotBeNull();
        simpleQuantity.Derivation.ShouldBe(StructureDerivation.Constraint);
        simpleQuantity.Type.ShouldBe("Quantity");
        simpleQuantity.TypeDefinition.ShouldBeNull();
    }

    [Fact]
    public void Extension_definitions_know_their_context_and_value_types()
    {
        var birthPlace = _definitions.FindStructure("http://hl7.org/fhir/StructureDefinition/patient-birthPlace");

        birthPlace.ShouldNotBeNull();
        birthPlace.Origin.ShouldBe(DefinitionOrigin.CoreExtension);
        birthPlace.Type.ShouldBe("Extension");
        birthPlace.ExtensionValueTypes.ShouldBe(["Address"]);
        birthPlace.Contexts.ShouldContain(new ExtensionContextInfo("element", "Patient"));
    }

    [Fact]
    public void Search_parameters_include_those_inherited_from_Resource_and_DomainResource()
    {
        var parameters = _definitions.SearchParametersFor("Patient");

        var birthdate = parameters.Single(p => p.Code == "birthdate");
        birthdate.Type.ShouldBe(SearchParamType.Date);
        birthdate.Expression.ShouldBe("Patient.birthDate | Person.birthDate | RelatedPerson.birthDate");
        parameters.Select(p => p.Code).ShouldContain("_id");
        parameters.Select(p => p.Code).ShouldContain("_lastUpdated");
        parameters.Select(p => p.Code).ShouldContain("_text");
        parameters.Select(p => p.Code).ShouldBe(parameters.Select(p => p.Code).Order(StringComparer.Ordinal).ToList());

        _definitions.SearchParametersFor("Bundle").Select(p => p.Code).ShouldNotContain("_text");
        _definitions.FindSearchParameter("Observation", "subject")!.Target.ShouldContain("Patient");
        _definitions.FindSearchParameter("Observation", "code-value-quantity")!.Components.Count.ShouldBe(2);
        _definitions.FindSearchParameterByUrl("http://hl7.org/fhir/SearchParameter/Resource-id")!.Code.ShouldBe("_id");
        _definitions.SearchParametersFor("NoSuchType").ShouldBeEmpty();
    }

    [Fact]
    public void Value_sets_and_code_systems_are_found_by_canonical_url()
    {
        var valueSet = _definitions.FindValueSet("http://hl7.org/fhir/ValueSet/administrative-gender");
        valueSet.ShouldNotBeNull();
        valueSet.ResourceType.ShouldBe("ValueSet");
        valueSet.Json.GetProperty("resourceType").GetString().ShouldBe("ValueSet");
        _definitions.FindValueSet("http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1").ShouldBeSameAs(valueSet);

        var codeSystem = _definitions.FindCodeSystem("http://hl7.org/fhir/administrative-gender");
        codeSystem.ShouldNotBeNull();
        codeSystem.Json.GetProperty("concept").GetArrayLength().ShouldBe(4);

        _definitions.FindCodeSystem("http://terminology.hl7.org/CodeSystem/v2-0203").ShouldNotBeNull();
        _definitions.FindCodeSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").ShouldNotBeNull();
        _definitions.FindValueSet("http://example.org/no-such-value-set").ShouldBeNull();
    }
}
