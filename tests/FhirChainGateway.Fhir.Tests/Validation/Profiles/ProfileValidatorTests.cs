using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Fhir.Tests.Validation.Profiles;

/// <summary>The rules of profile validation, each on a small resource and (where needed) a differential-only profile.</summary>
[Collection(ValidationCollection.Name)]
public sealed class ProfileValidatorTests(ValidationFixture fixture)
{
    private const string ProfileUrl = "http://example.org/fhir/StructureDefinition/test";

    [Fact]
    public void A_valid_resource_has_no_errors_or_warnings()
    {
        var issues = Validate("""
            {"resourceType":"Patient","id":"p1","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">Peter</div>"},
             "name":[{"family":"Chalmers","given":["Peter"]}],"gender":"male","birthDate":"1974-12-25"}
            """);

        issues.Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Warning).ShouldBeEmpty();
    }

    [Fact]
    public void A_code_outside_a_required_binding_is_an_error_at_its_location()
    {
        var error = Errors(Validate("""{"resourceType":"Patient","gender":"unknown-code"}""")).ShouldHaveSingleItem();

        error.Location.ShouldBe("Patient.gender");
        error.Code.ShouldBe("code-invalid");
        error.Diagnostics.ShouldContain("AdministrativeGender");
    }

    [Fact]
    public void A_code_outside_an_extensible_binding_is_a_warning()
    {
        var issues = Validate("""
            {"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://example.org/codes","code":"x"}]}}
            """);

        Errors(issues).ShouldBeEmpty();
        issues.ShouldContain(i => i.Severity == IssueSeverity.Warning && i.Location == "Patient.maritalStatus" && i.Diagnostics.Contains("marital-status"));
    }

    [Fact]
    public void A_code_a_complete_FHIR_code_system_does_not_define_is_an_error_even_without_a_binding()
    {
        var issues = Validate("""
            {"resourceType":"Patient","identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"NOT-A-CODE"}]},"value":"1"}]}
            """);

        Errors(issues).ShouldContain(e => e.Diagnostics.Contains("Unknown code 'NOT-A-CODE'") && e.Location == "Patient.identifier[0].type.coding[0]");
    }

    [Fact]
    public void A_failed_invariant_reports_its_key_and_severity()
    {
        var error = Errors(Validate("""{"resourceType":"Patient","contact":[{"gender":"male"}]}""")).ShouldHaveSingleItem();

        error.Code.ShouldBe("invariant");
        error.Diagnostics.ShouldStartWith("Constraint failed: pat-1");
        error.Location.ShouldBe("Patient.contact[0]");
    }

    [Fact]
    public void Cardinality_and_fixed_values_of_a_differential_profile_are_enforced()
    {
        var profile = Profile("Patient", """
            {"id":"Patient.identifier","path":"Patient.identifier","min":1},
            {"id":"Patient.active","path":"Patient.active","fixedBoolean":true},
            {"id":"Patient.name","path":"Patient.name","max":"1"}
            """);

        var errors = Errors(Validate("""{"resourceType":"Patient","active":false,"name":[{"family":"A"},{"family":"B"}]}""", [profile], ProfileUrl));

        errors.ShouldContain(e => e.Diagnostics.StartsWith("Patient.identifier: minimum required = 1", StringComparison.Ordinal) && e.Location == "Patient");
        errors.ShouldContain(e => e.Location == "Patient.active" && e.Diagnostics.Contains("fixed to 'true'"));
        errors.ShouldContain(e => e.Diagnostics.StartsWith("Patient.name: max allowed = 1, but found 2", StringComparison.Ordinal));
        errors.ShouldAllBe(e => e.Diagnostics.Contains(ProfileUrl));
    }

    [Fact]
    public void A_pattern_on_CodeableConcept_requires_a_matching_coding()
    {
        var profile = Profile("Observation", """
            {"id":"Observation.code","path":"Observation.code","patternCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]}}
            """);

        var bad = Errors(Validate(Observation("""{"coding":[{"system":"http://loinc.org","code":"8310-5"}]}"""), [profile], ProfileUrl));
        var good = Errors(Validate(Observation("""{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}],"text":"Glucose"}"""), [profile], ProfileUrl));

        bad.ShouldContain(e => e.Location == "Observation.code" && e.Diagnostics.Contains("pattern"));
        good.ShouldBeEmpty();
    }

    [Fact]
    public void MaxLength_and_value_limits_of_a_profile_are_enforced()
    {
        var profile = Profile("Observation", """
            {"id":"Observation.valueInteger","path":"Observation.valueInteger","minValueInteger":0,"maxValueInteger":10},
            {"id":"Observation.id","path":"Observation.id","maxLength":3}
            """);

        var errors = Errors(Validate("""{"resourceType":"Observation","id":"toolong","status":"final","code":{"text":"x"},"valueInteger":11}""", [profile], ProfileUrl));

        errors.ShouldContain(e => e.Location == "Observation.value" && e.Diagnostics.Contains("greater than the maximum value 10"));
        errors.ShouldContain(e => e.Location == "Observation.id" && e.Diagnostics.Contains("longer than the maximum length 3"));
    }

    [Fact]
    public void The_choice_shorthand_restricts_the_types_of_the_choice()
    {
        var profile = Profile("Observation", """{"id":"Observation.valueQuantity","path":"Observation.valueQuantity","min":1}""");

        var errors = Errors(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"high"}""", [profile], ProfileUrl));

        errors.ShouldContain(e => e.Location == "Observation.value" && e.Diagnostics.Contains("Quantity"));
    }

    [Fact]
    public void Slicing_by_pattern_counts_slices_and_closed_slicing_rejects_the_rest()
    {
        var profile = Profile("Observation", """
            {"id":"Observation.category","path":"Observation.category","slicing":{"discriminator":[{"type":"pattern","path":"$this"}],"rules":"closed"}},
            {"id":"Observation.category:vs","path":"Observation.category","sliceName":"vs","min":1,"max":"1",
             "patternCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}}
            """);

        var missing = Errors(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"category":[{"text":"other"}]}""", [profile], ProfileUrl));
        var matching = Errors(Validate("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}]}
            """, [profile], ProfileUrl));

        missing.ShouldContain(e => e.Diagnostics.StartsWith("Slice 'Observation.category:vs': a matching slice is required", StringComparison.Ordinal));
        missing.ShouldContain(e => e.Location == "Observation.category[0]" && e.Diagnostics.Contains("slicing is CLOSED"));
        matching.ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_extensions_follow_the_policy_and_unknown_modifier_extensions_are_errors()
    {
        const string patient = """
            {"resourceType":"Patient","extension":[{"url":"http://example.org/fhir/StructureDefinition/unknown","valueString":"x"}]}
            """;

        var lenient = Validate(patient);
        var strict = Validate(patient, options: ProfileValidatorOptions.Default with { UnknownExtensions = UnknownExtensionPolicy.Error });
        var modifier = Validate("""
            {"resourceType":"Patient","modifierExtension":[{"url":"http://example.org/fhir/StructureDefinition/unknown","valueString":"x"}]}
            """);

        Errors(lenient).ShouldBeEmpty();
        lenient.ShouldContain(i => i.Severity == IssueSeverity.Warning && i.Location == "Patient.extension[0]");
        Errors(strict).ShouldContain(e => e.Location == "Patient.extension[0]" && e.Diagnostics.Contains("could not be found"));
        Errors(modifier).ShouldContain(e => e.Location == "Patient.modifierExtension[0]");
    }

    [Fact]
    public void A_known_extension_is_validated_against_its_definition_and_its_context()
    {
        // patient-birthPlace: an Address, only on Patient.
        var wrongType = Errors(Validate("""
            {"resourceType":"Patient","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueString":"Paris"}]}
            """));
        var wrongContext = Errors(Validate("""
            {"resourceType":"Organization","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Paris"}}]}
            """));
        var fine = Errors(Validate("""
            {"resourceType":"Patient","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Paris"}}]}
            """));

        wrongType.ShouldContain(e => e.Location == "Patient.extension[0].value" && e.Diagnostics.Contains("Address"));
        wrongContext.ShouldContain(e => e.Location == "Organization.extension[0]" && e.Diagnostics.Contains("not allowed to be used at this point"));
        fine.ShouldBeEmpty();
    }

    [Fact]
    public void Local_references_must_resolve_to_a_contained_resource()
    {
        var errors = Errors(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"#missing"}}"""));

        errors.ShouldContain(e => e.Location == "Observation.subject" && e.Diagnostics.Contains("Unable to resolve resource with reference '#missing'"));
    }

    [Fact]
    public void Reference_target_types_are_checked_for_resolved_targets_and_optionally_for_URLs()
    {
        const string observation = """{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Medication/1"}}""";

        Errors(Validate(observation)).ShouldBeEmpty();
        Errors(Validate(observation, options: ProfileValidatorOptions.Default with { AssumeValidRestReferences = true }))
            .ShouldContain(e => e.Location == "Observation.subject" && e.Diagnostics.Contains("not a valid Target"));
    }

    [Fact]
    public void References_resolve_through_the_Bundle_and_ambiguous_fullUrls_are_errors()
    {
        var errors = Errors(Validate("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
                "subject":{"reference":"urn:uuid:22222222-2222-2222-2222-222222222222"}}},
              {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","resource":{"resourceType":"Medication"}},
              {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","resource":{"resourceType":"Patient"}}]}
            """));

        errors.ShouldContain(e => e.Location == "Bundle.entry[0].resource.subject" && e.Diagnostics.Contains("Multiple matches in bundle"));
        errors.ShouldContain(e => e.Diagnostics.StartsWith("Constraint failed: bdl-7", StringComparison.Ordinal));
    }

    [Fact]
    public void A_resolved_target_of_the_wrong_type_is_an_error()
    {
        var errors = Errors(Validate("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
                "subject":{"reference":"urn:uuid:22222222-2222-2222-2222-222222222222"}}},
              {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","resource":{"resourceType":"Medication"}}]}
            """));

        errors.ShouldContain(e => e.Location == "Bundle.entry[0].resource.subject" && e.Diagnostics.Contains("'Medication'"));
    }

    [Fact]
    public void Bundle_rules_check_fullUrls_and_transaction_requests()
    {
        var errors = Errors(Validate("""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"Patient/1","resource":{"resourceType":"Patient","id":"1"},"request":{"method":"PUT","url":"Patient/1"}},
              {"fullUrl":"http://example.org/fhir/Patient/3","resource":{"resourceType":"Patient","id":"2"}}]}
            """));

        errors.ShouldContain(e => e.Location == "Bundle.entry[0]" && e.Diagnostics.Contains("must be an absolute URL"));
        errors.ShouldContain(e => e.Location == "Bundle.entry[1]" && e.Diagnostics.Contains("must end with the correct type and id (/Patient/2)"));
        errors.ShouldContain(e => e.Diagnostics.StartsWith("Constraint failed: bdl-3", StringComparison.Ordinal));
    }

    [Fact]
    public void Scripts_and_event_handlers_in_the_narrative_are_errors()
    {
        var errors = Errors(Validate("""
            {"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">a</p><script>alert(1)</script></div>"}}
            """));

        errors.ShouldContain(e => e.Location == "Patient.text.div" && e.Diagnostics.Contains("'script'"));
        errors.ShouldContain(e => e.Location == "Patient.text.div" && e.Diagnostics.Contains("'onclick'"));
    }

    [Fact]
    public void Contained_resources_are_validated_as_resources()
    {
        var errors = Errors(Validate("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"#p"},
             "contained":[{"resourceType":"Patient","id":"p","gender":"nonsense"}]}
            """));

        errors.ShouldContain(e => e.Location == "Observation.contained[0].gender");
    }

    [Fact]
    public void An_unknown_meta_profile_is_a_warning_and_a_requested_one_an_error()
    {
        const string patient = """{"resourceType":"Patient","meta":{"profile":["http://example.org/fhir/StructureDefinition/nowhere"]}}""";

        var claimed = Validate(patient);
        var requested = Validate("""{"resourceType":"Patient"}""", [], "http://example.org/fhir/StructureDefinition/nowhere");

        Errors(claimed).ShouldBeEmpty();
        claimed.ShouldContain(i => i.Severity == IssueSeverity.Warning && i.Location == "Patient.meta.profile[0]");
        Errors(requested).ShouldContain(e => e.Diagnostics.Contains("has not been checked because it is unknown"));
    }

    [Fact]
    public void A_vital_sign_code_requires_the_core_vital_signs_profile()
    {
        // LOINC 8867-4 (heart rate) without meta.profile: the heartrate profile still applies (subject, effective, category).
        var errors = Errors(Validate("""
            {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
             "valueQuantity":{"value":60,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
            """));

        errors.ShouldContain(e => e.Diagnostics.Contains("Observation.subject: minimum required = 1") && e.Diagnostics.Contains("heartrate"));
    }

    [Fact]
    public void A_UCUM_unit_that_breaks_the_grammar_is_an_error()
    {
        var errors = Errors(Validate("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1,"system":"http://unitsofmeasure.org","code":"21612-7"}}
            """, options: ProfileValidatorOptions.HL7Compatible));

        errors.ShouldContain(e => e.Location == "Observation.value" && e.Diagnostics.Contains("UCUM"));
    }

    [Fact]
    public void Invalid_codes_of_external_terminologies_follow_the_configured_severity()
    {
        const string condition = """
            {"resourceType":"Condition","subject":{"reference":"Patient/1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"22298007"}]}}
            """;

        var defaults = Validate(condition);
        var strict = Validate(condition, options: ProfileValidatorOptions.HL7Compatible);

        Errors(defaults).ShouldBeEmpty();
        defaults.ShouldContain(i => i.Severity == IssueSeverity.Warning && i.Diagnostics.Contains("check digit"));
        Errors(strict).ShouldContain(e => e.Diagnostics.Contains("check digit"));
    }

    [Fact]
    public void Codes_accepted_on_syntax_alone_are_reported_once_per_terminology()
    {
        var issues = Validate("""
            {"resourceType":"Condition","subject":{"reference":"Patient/1"},
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"22298006"},{"system":"http://snomed.info/sct","code":"38341003"}]}}
            """);

        var note = issues.Where(i => i.Severity == IssueSeverity.Information && i.Diagnostics.Contains("SNOMED CT")).ShouldHaveSingleItem();
        note.Diagnostics.ShouldStartWith("2 codes");
    }

    [Fact]
    public void Issues_from_a_source_document_carry_line_and_column()
    {
        var json = """
            {
              "resourceType": "Patient",
              "name": [ { "family": "A" } ],
              "gender": "nonsense"
            }
            """;
        var validator = new DocumentValidator(fixture.Validator());

        var result = validator.Validate(Encoding.UTF8.GetBytes(json));

        var error = result.Issues.Where(i => i.Severity == IssueSeverity.Error).ShouldHaveSingleItem();
        error.Location.ShouldBe("Patient.gender");
        (error.Line, error.Column).ShouldBe((4, 3));
    }

    [Fact]
    public void Issues_from_an_XML_document_carry_line_and_column()
    {
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">\n  <name>\n    <family value=\"A\"/>\n  </name>\n  <name>\n    <given value=\"B\"/>\n  </name>\n  <gender value=\"nonsense\"/>\n</Patient>";
        var validator = new DocumentValidator(fixture.Validator());

        var result = validator.Validate(Encoding.UTF8.GetBytes(xml));

        var error = result.Issues.Where(i => i.Severity == IssueSeverity.Error).ShouldHaveSingleItem();
        error.Location.ShouldBe("Patient.gender");
        error.Line.ShouldBe(8);
    }

    [Fact]
    public void The_same_finding_reached_through_base_and_profile_is_reported_once()
    {
        var profile = Profile("Patient", """{"id":"Patient.identifier","path":"Patient.identifier","min":0}""");

        var issues = Validate("""{"resourceType":"Patient","meta":{"profile":["http://example.org/fhir/StructureDefinition/test"]},"gender":"nonsense"}""", [profile]);

        Errors(issues).Count(e => e.Location == "Patient.gender").ShouldBe(1);
    }

    private static List<OperationOutcomeIssue> Errors(IEnumerable<OperationOutcomeIssue> issues) =>
        issues.Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal).ToList();

    private static string Observation(string code) =>
        $$"""{"resourceType":"Observation","status":"final","code":{{code}}}""";

    /// <summary>A differential-only constraint profile on a type, with the given differential elements.</summary>
    private static string Profile(string type, string elements) => $$$"""
        {"resourceType":"StructureDefinition","url":"{{{ProfileUrl}}}","name":"Test","status":"draft","kind":"resource","abstract":false,
         "type":"{{{type}}}","baseDefinition":"http://hl7.org/fhir/StructureDefinition/{{{type}}}","derivation":"constraint",
         "differential":{"element":[{"id":"{{{type}}}","path":"{{{type}}}"},{{{elements}}}]}}
        """;

    private IReadOnlyList<OperationOutcomeIssue> Validate(string json, string[]? conformance = null, string? profile = null, ProfileValidatorOptions? options = null)
    {
        var extra = new ConformanceResourceSet(fixture.Definitions);
        foreach (var resource in conformance ?? [])
        {
            extra.AddJson(Encoding.UTF8.GetBytes(resource), "test").ShouldBe(1);
        }

        var resources = fixture.Resources.WithAdditional(extra);
        return new ProfileValidator(resources, options).Validate(fixture.JsonParser.Parse(json), profile is null ? [] : [profile], resources);
    }
}
