using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Fhir.Tests.Validation.Profiles;

/// <summary>QuestionnaireResponses against their Questionnaire: linkIds, required items, answer types and options, enableWhen, limits.</summary>
[Collection(ValidationCollection.Name)]
public sealed class QuestionnaireResponseTests(ValidationFixture fixture)
{
    private const string Questionnaire = """
        {"resourceType":"Questionnaire","url":"http://example.org/Questionnaire/q","status":"active","item":[
          {"linkId":"smoker","type":"boolean","required":true},
          {"linkId":"packs","type":"integer","enableWhen":[{"question":"smoker","operator":"=","answerBoolean":true}],
           "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":10}]},
          {"linkId":"colour","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/c","code":"red"}},{"valueCoding":{"system":"http://example.org/c","code":"blue"}}]}]}
        """;

    [Fact]
    public void A_response_that_follows_the_questionnaire_is_valid()
    {
        var errors = Errors("""
            [{"linkId":"smoker","answer":[{"valueBoolean":true}]},{"linkId":"packs","answer":[{"valueInteger":2}]},
             {"linkId":"colour","answer":[{"valueCoding":{"system":"http://example.org/c","code":"red"}}]}]
            """);

        errors.ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_linkIds_missing_required_answers_and_wrong_types_are_errors()
    {
        var errors = Errors("""[{"linkId":"nope","answer":[{"valueString":"x"}]},{"linkId":"colour","answer":[{"valueString":"green"}]}]""");

        errors.ShouldContain(e => e.Diagnostics.Contains("LinkId 'nope' not found"));
        errors.ShouldContain(e => e.Diagnostics.Contains("required item 'smoker'"));
        errors.ShouldContain(e => e.Diagnostics.Contains("Option list has no option values of type string"));
    }

    [Fact]
    public void Answers_to_disabled_items_options_and_limits_are_checked()
    {
        var errors = Errors("""
            [{"linkId":"smoker","answer":[{"valueBoolean":false}]},{"linkId":"packs","answer":[{"valueInteger":20}]},
             {"linkId":"colour","answer":[{"valueCoding":{"system":"http://example.org/c","code":"green"}}]}]
            """);

        errors.ShouldContain(e => e.Diagnostics.Contains("not enabled (item id = 'packs')"));
        errors.ShouldContain(e => e.Diagnostics.Contains("http://example.org/c#green is not in the set of permitted options"));
    }

    [Fact]
    public void Limits_apply_to_enabled_answers()
    {
        var errors = Errors("""[{"linkId":"smoker","answer":[{"valueBoolean":true}]},{"linkId":"packs","answer":[{"valueInteger":20}]}]""");

        errors.ShouldContain(e => e.Diagnostics.Contains("greater than the allowed maximum of 10"));
    }

    private List<OperationOutcomeIssue> Errors(string items)
    {
        var set = new ConformanceResourceSet(fixture.Definitions);
        set.AddJson(Encoding.UTF8.GetBytes(Questionnaire), "q.json");
        var resources = fixture.Resources.WithAdditional(set);
        var response = fixture.JsonParser.Parse($$"""
            {"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/Questionnaire/q","status":"completed","item":{{items}}}
            """);
        return new ProfileValidator(resources).Validate(response, [], resources)
            .Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal)
            .ToList();
    }
}
