using System.Net;
using System.Text.Json;

namespace FhirChainGateway.Server.Tests;

/// <summary>
/// <c>$validate</c> and validation on write over a real HTTP server. Needs the gateway composition to call
/// <c>AddProfileValidation</c> and <c>MapValidateEndpoints</c> (src/FhirChainGateway.Server/Validation).
/// </summary>
public sealed class ValidateOperationTests : IAsyncLifetime
{
    private const string ValidPatient = """
        {"resourceType":"Patient","active":true,"name":[{"family":"Chalmers","given":["Peter"]}],"gender":"male","birthDate":"1974-12-25"}
        """;

    // The gender code is not in the required AdministrativeGender value set: a terminology error, not a structural one.
    private const string BadGenderPatient = """
        {
          "resourceType": "Patient",
          "gender": "unknown-code"
        }
        """;

    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Type_level_validate_of_a_valid_resource_answers_200_without_errors()
    {
        var outcome = await ValidateAsync("Patient/$validate", ValidPatient);

        Errors(outcome).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_code_outside_a_required_binding_is_an_error_with_location_line_and_column()
    {
        var outcome = await ValidateAsync("Patient/$validate", BadGenderPatient);

        var error = Errors(outcome).ShouldHaveSingleItem();
        error.GetProperty("expression")[0].GetString().ShouldBe("Patient.gender");
        error.GetProperty("diagnostics").GetString()!.ShouldContain("AdministrativeGender");
        var extensions = error.GetProperty("extension").EnumerateArray().ToDictionary(e => e.GetProperty("url").GetString()!, e => e.GetProperty("valueInteger").GetInt32());
        extensions["http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line"].ShouldBe(3);
        extensions["http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col"].ShouldBe(3);
    }

    [Fact]
    public async Task A_profile_requested_by_query_is_applied()
    {
        // Core vital signs profile: category (vital-signs), subject and effective[x] are required.
        const string observation = """
            {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"valueQuantity":{"value":60,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
            """;

        var plain = await ValidateAsync("Observation/$validate", observation);
        var profiled = await ValidateAsync("Observation/$validate?profile=http://hl7.org/fhir/StructureDefinition/vitalsigns", observation);

        Errors(profiled).Select(e => e.GetProperty("diagnostics").GetString()).ShouldContain(d => d!.Contains("Observation.subject: minimum required = 1"));
        Errors(profiled).Count.ShouldBeGreaterThanOrEqualTo(Errors(plain).Count);
    }

    [Fact]
    public async Task A_Parameters_body_carries_the_resource_and_the_profile()
    {
        var parameters = $$"""
            {"resourceType":"Parameters","parameter":[
              {"name":"resource","resource":{{ValidPatient}}},
              {"name":"profile","valueUri":"http://example.org/fhir/StructureDefinition/not-loaded"}]}
            """;

        var outcome = await ValidateAsync("Patient/$validate", parameters);

        var error = Errors(outcome).ShouldHaveSingleItem();
        error.GetProperty("diagnostics").GetString()!.ShouldContain("http://example.org/fhir/StructureDefinition/not-loaded");
    }

    [Fact]
    public async Task A_body_that_is_not_FHIR_is_reported_in_the_outcome()
    {
        var outcome = await ValidateAsync("Patient/$validate", """{"resourceType":"Patient","gender":"male","unknownElement":1}""");

        Errors(outcome).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_resource_of_another_type_is_a_bad_request()
    {
        using var response = await _server.PostJsonAsync("Observation/$validate", ValidPatient);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Instance_level_validate_without_a_body_validates_the_stored_version()
    {
        using var created = await _server.PostJsonAsync("Patient", ValidPatient);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString();

        using var response = await _server.Client.PostAsync($"Patient/{id}/$validate", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        outcome.RootElement.GetProperty("resourceType").GetString().ShouldBe("OperationOutcome");
        Errors(outcome.RootElement.Clone()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Writes_with_profile_errors_are_rejected_with_the_outcome()
    {
        using var response = await _server.PostJsonAsync("Patient", BadGenderPatient);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        outcome.RootElement.GetProperty("issue").EnumerateArray()
            .ShouldContain(i => i.GetProperty("severity").GetString() == "error" && i.GetProperty("diagnostics").GetString()!.Contains("AdministrativeGender"));
    }

    [Fact]
    public async Task A_deployment_can_require_profiles_for_a_resource_type()
    {
        await using var strict = await GatewayServer.StartAsync("--Validation:RequiredProfiles:Observation:0", "http://hl7.org/fhir/StructureDefinition/vitalsigns");
        const string observation = """
            {"resourceType":"Observation","status":"final","code":{"text":"a note"},"valueString":"fine"}
            """;

        using var rejected = await strict.PostJsonAsync("Observation", observation);
        using var accepted = await _server.PostJsonAsync("Observation", observation);

        rejected.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await rejected.Content.ReadAsStringAsync()).ShouldContain("vitalsigns");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static List<JsonElement> Errors(JsonElement outcome) =>
        outcome.GetProperty("issue").EnumerateArray().Where(i => i.GetProperty("severity").GetString() is "error" or "fatal").ToList();

    private async Task<JsonElement> ValidateAsync(string path, string json)
    {
        using var response = await _server.PostJsonAsync(path, json);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.GetProperty("resourceType").GetString().ShouldBe("OperationOutcome");
        return document.RootElement.Clone();
    }
}
