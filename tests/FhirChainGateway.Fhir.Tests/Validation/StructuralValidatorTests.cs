using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Fhir.Tests.Validation;

[Collection(DefinitionsCollection.Name)]
public sealed class StructuralValidatorTests(DefinitionsFixture fixture)
{
    private readonly FhirJsonParser _parser = new(fixture.Definitions);
    private readonly StructuralValidator _validator = new(fixture.Definitions);

    [Fact]
    public void A_valid_resource_has_no_issues()
    {
        var patient = _parser.Parse("""
            {"resourceType":"Patient","id":"p-1","active":true,"name":[{"family":"Doe","given":["Ann"]}],"gender":"female",
             "birthDate":"2000-02-29","deceasedDateTime":"2020-01-01T10:00:00+01:00","multipleBirthInteger":1}
            """);

        _validator.Validate(patient).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2023-02-30", "day that does not exist")]
    [InlineData("2023-13-01", "format")]
    [InlineData("2023/01/01", "format")]
    [InlineData("1900-02-29", "day that does not exist")]
    [InlineData("23", "format")]
    [InlineData("2023-01-01T10:00:00Z", "format")]
    public void A_bad_date_is_reported_at_its_location(string date, string problem)
    {
        var issue = SingleIssue($$"""{"resourceType":"Patient","birthDate":"{{date}}"}""");

        issue.Code.ShouldBe("value");
        issue.Location.ShouldBe("Patient.birthDate");
        issue.Diagnostics.ShouldContain(problem);
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("2024-02")]
    [InlineData("2024-02-29")]
    public void Partial_dates_are_valid(string date) =>
        _validator.Validate(_parser.Parse($$"""{"resourceType":"Patient","birthDate":"{{date}}"}""")).ShouldBeEmpty();

    [Theory]
    [InlineData("deceasedDateTime", "\"2020-01-01T10:00\"")]
    [InlineData("deceasedDateTime", "\"2020-01-01T25:00:00Z\"")]
    [InlineData("deceasedDateTime", "\"2020-01-01T10:00:00\"")]
    [InlineData("multipleBirthInteger", "2147483648")]
    [InlineData("multipleBirthInteger", "1.0")]
    [InlineData("multipleBirthInteger", "1e2")]
    [InlineData("id", "\"has space\"")]
    [InlineData("id", "\"\"")]
    [InlineData("id", "\"a-very-long-id-that-is-longer-than-sixty-four-characters-which-is-the-limit\"")]
    [InlineData("gender", "\"female \"")]
    [InlineData("gender", "\"\"")]
    [InlineData("implicitRules", "\"http://example.org/has space\"")]
    [InlineData("language", "\" en\"")]
    public void Primitive_values_must_match_their_type(string property, string json)
    {
        var issue = SingleIssue($$"""{"resourceType":"Patient","{{property}}":{{json}}}""");

        issue.Code.ShouldBe("value");
        issue.Location.ShouldStartWith("Patient.");
    }

    [Theory]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1e400}}""", "Observation.value.value")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":01}}""", null)]
    [InlineData("""{"resourceType":"Patient","photo":[{"data":"not base64!"}]}""", "Patient.photo[0].data")]
    [InlineData("""{"resourceType":"Patient","photo":[{"data":"abc"}]}""", "Patient.photo[0].data")]
    [InlineData("""{"resourceType":"Patient","photo":[{"size":0}],"contact":[{"gender":"other"}]}""", null)]
    [InlineData("""{"resourceType":"Patient","photo":[{"size":-1}]}""", "Patient.photo[0].size")]
    [InlineData("""{"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.x"}]}""", null)]
    public void Numeric_and_binary_values_are_checked(string json, string? location)
    {
        if (location is null)
        {
            // Either the parser (01 is not JSON) or nothing: these rows check that no false error appears.
            try
            {
                var node = _parser.Parse(json);
                _validator.Validate(node).Where(i => i.Location != "Patient.identifier[0].system").ShouldBeEmpty();
            }
            catch (FhirException e)
            {
                e.StatusCode.ShouldBe(400);
            }

            return;
        }

        SingleIssue(json).Location.ShouldBe(location);
    }

    [Fact]
    public void Base64_with_line_breaks_between_groups_is_valid() =>
        _validator.Validate(_parser.Parse("""{"resourceType":"Patient","photo":[{"data":"aGVs\nbG8g\r\nd29y bGQ="}]}""")).ShouldBeEmpty();

    [Fact]
    public void Strings_may_hold_no_break_spaces_and_other_unicode()
    {
        // FHIR regexes use XML Schema's \s (space, tab, CR, LF only): U+00A0 is a non-space character there.
        var patient = _parser.Parse("""{"resourceType":"Patient","name":[{"text":"Ann\u00a0Doe","family":"Ölçer ☃"}]}""");

        _validator.Validate(patient).ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_required_element_is_reported()
    {
        var issues = Issues("""{"resourceType":"Observation","code":{"text":"weight"}}""");

        var issue = issues.ShouldHaveSingleItem();
        issue.Code.ShouldBe("required");
        issue.Location.ShouldBe("Observation.status");
    }

    [Fact]
    public void Required_elements_of_backbone_elements_and_datatypes_are_checked()
    {
        var issues = Issues("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},
             "component":[{"valueString":"no code"}],
             "extension":[{"valueString":"no url"}]}
            """);

        issues.Select(i => i.Location).Order().ShouldBe(["Observation.component[0].code", "Observation.extension[0].url"]);
        issues.ShouldAllBe(i => i.Code == "required");
    }

    [Fact]
    public void Too_many_values_are_reported()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","gender":"male"}""");
        patient.Add(new ElementNode("gender", "code", patient.FirstChild("gender")!.Definition) { Text = "female" });

        var issue = _validator.Validate(patient).ShouldHaveSingleItem();

        issue.Code.ShouldBe("structure");
        issue.Location.ShouldBe("Patient.gender");
        issue.Diagnostics.ShouldContain("maximum cardinality is 1");
    }

    [Fact]
    public void A_type_the_choice_does_not_allow_is_reported()
    {
        var observation = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"v"}""");
        var value = observation.FirstChild("value")!;
        value.InstanceType = "Address";
        value.Text = null;
        value.Add(new ElementNode("city", "string") { Text = "Paris" });

        var issue = _validator.Validate(observation).ShouldHaveSingleItem();

        issue.Location.ShouldBe("Observation.value");
        issue.Diagnostics.ShouldContain("does not allow the type Address");
    }

    [Fact]
    public void A_wrong_type_for_a_plain_element_is_reported()
    {
        var patient = new ElementNode("Patient", "Patient") { IsResource = true };
        patient.Add(new ElementNode("birthDate", "dateTime") { Text = "2020-01-01T00:00:00Z" });

        _validator.Validate(patient).ShouldHaveSingleItem().Diagnostics.ShouldContain("must be of type date");
    }

    [Fact]
    public void An_unknown_element_in_a_tree_built_in_code_is_reported()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","name":[{"family":"Doe"}]}""");
        patient.FirstChild("name")!.Add(new ElementNode("nickname", "string") { Text = "Dee" });

        var issue = _validator.Validate(patient).ShouldHaveSingleItem();

        issue.Code.ShouldBe("structure");
        issue.Location.ShouldBe("Patient.name[0].nickname[0]");
        issue.Diagnostics.ShouldContain("'nickname' is not an element of HumanName");
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","maritalStatus":{}}""", "Patient.maritalStatus")]
    [InlineData("""{"resourceType":"Patient","name":[{"id":"only-an-id"}]}""", "Patient.name[0]")]
    [InlineData("""{"resourceType":"Patient","_gender":{"id":"only-an-id"}}""", "Patient.gender")]
    [InlineData("""{"resourceType":"Patient","contact":[{"name":{}}]}""", "Patient.contact[0].name")]
    public void Empty_elements_are_reported(string json, string location)
    {
        var issues = Issues(json);

        issues.ShouldContain(i => i.Location == location && i.Code == "invariant" && i.Diagnostics.Contains("ele-1"));
    }

    [Fact]
    public void Resources_in_a_bundle_are_validated_as_their_own_types()
    {
        var issues = Issues("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Patient","birthDate":"2001-02-29"}},
              {"resource":{"resourceType":"Observation","code":{"text":"x"}}}]}
            """);

        issues.Select(i => i.Location).ShouldBe(["Bundle.entry[0].resource.birthDate", "Bundle.entry[1].resource.status"]);
    }

    [Fact]
    public void Contained_resources_are_validated_as_their_own_types()
    {
        var issue = SingleIssue("""
            {"resourceType":"Patient","contained":[{"resourceType":"Observation","status":"final"}]}
            """);

        issue.Location.ShouldBe("Patient.contained[0].code");
        issue.Code.ShouldBe("required");
    }

    [Fact]
    public void A_root_that_is_not_a_resource_is_refused()
    {
        var node = new ElementNode("HumanName", "HumanName");

        _validator.Validate(node).ShouldHaveSingleItem().Code.ShouldBe("structure");
    }

    [Fact]
    public void The_number_of_issues_is_capped()
    {
        var names = string.Join(",", Enumerable.Range(0, 50).Select(_ => """{"period":{"start":"2020-02-31"}}"""));
        var patient = _parser.Parse($$"""{"resourceType":"Patient","name":[{{names}}]}""");

        new StructuralValidator(fixture.Definitions, StructuralValidator.DefaultRules(fixture.Definitions), maxIssues: 10).Validate(patient).Count.ShouldBe(10);
        _validator.Validate(patient).Count.ShouldBe(50);
    }

    [Fact]
    public void Rules_can_be_chosen()
    {
        var observation = _parser.Parse("""{"resourceType":"Observation","code":{"text":"x"},"effectiveDateTime":"2020-02-31"}""");

        new StructuralValidator(fixture.Definitions, [new CardinalityRule()]).Validate(observation).ShouldHaveSingleItem().Location.ShouldBe("Observation.status");
        new StructuralValidator(fixture.Definitions, [new PrimitiveValueRule(fixture.Definitions)]).Validate(observation).ShouldHaveSingleItem().Location.ShouldBe("Observation.effective");
    }

    private OperationOutcomeIssue SingleIssue(string json) => Issues(json).ShouldHaveSingleItem();

    private IReadOnlyList<OperationOutcomeIssue> Issues(string json)
    {
        var issues = _validator.Validate(_parser.Parse(json));
        issues.ShouldNotBeEmpty();
        issues.ShouldAllBe(i => i.Severity == IssueSeverity.Error);
        return issues;
    }
}
