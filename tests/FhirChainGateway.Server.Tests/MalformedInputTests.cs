using System.Net;
using System.Text;

namespace FhirChainGateway.Server.Tests;

/// <summary>Bad input gets a 4xx OperationOutcome naming the problem, never a 500, and nothing is stored.</summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync("--Gateway:MaxRequestBodyBytes", "65536");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("not json at all", "")]
    [InlineData("[1,2,3]", "")]
    [InlineData("{\"resourceType\":\"Spaceship\"}", "Spaceship")]
    [InlineData("{\"name\":[{\"family\":\"x\"}]}", "resourceType")]
    [InlineData("{\"resourceType\":\"Patient\",\"active\":\"yes\"}", "Patient.active")]
    [InlineData("{\"resourceType\":\"Patient\",\"birthDate\":\"1974-13-45\"}", "Patient.birthDate")]
    [InlineData("{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"}", "gender")]
    [InlineData("{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}", "favouriteColour")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":{\"family\":\"x\"}}", "Patient.name")]
    [InlineData("{\"resourceType\":\"Observation\",\"code\":{\"text\":\"x\"}}", "Observation.status")]
    public async Task Bad_resources_are_rejected_with_a_located_OperationOutcome(string body, string mentioned)
    {
        var type = body.Contains("\"Observation\"", StringComparison.Ordinal) ? "Observation" : "Patient";

        using var response = await _server.PostJsonAsync(type, body);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        var outcome = await RestInteractionTests.OutcomeOf(response);
        outcome.ShouldContain(mentioned);
        using var search = await _server.Client.GetAsync(type);
        (await search.Content.ReadAsStringAsync()).ShouldNotContain("\"entry\":[{");
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_rejected()
    {
        var inner = "{\"url\":\"http://example.org/leaf\",\"valueString\":\"x\"}";
        for (var i = 0; i < 200; i++)
        {
            inner = "{\"url\":\"http://example.org/nested\",\"extension\":[" + inner + "]}";
        }

        var deep = new StringBuilder("{\"resourceType\":\"Patient\",\"extension\":[").Append(inner).Append("]}");

        using var response = await _server.PostJsonAsync("Patient", deep.ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await RestInteractionTests.OutcomeOf(response)).ShouldContain("nests deeper");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_rejected_with_413()
    {
        var big = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + new string('x', 100_000) + "\"}]}";

        using var response = await _server.PostJsonAsync("Patient", big);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        await RestInteractionTests.OutcomeOf(response);
    }

    [Fact]
    public async Task A_resource_type_that_differs_from_the_url_is_a_400()
    {
        using var response = await _server.PostJsonAsync("Observation", "{\"resourceType\":\"Patient\"}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await RestInteractionTests.OutcomeOf(response)).ShouldContain("Observation");
    }

    [Fact]
    public async Task An_unsupported_content_type_is_a_415()
    {
        using var content = new StringContent("<Patient xmlns=\"http://hl7.org/fhir\"/>", Encoding.UTF8, "text/plain");

        using var response = await _server.Client.PostAsync("Patient", content);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        await RestInteractionTests.OutcomeOf(response);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_answer_with_an_OperationOutcome()
    {
        using var path = await _server.Client.GetAsync("Patient/1/2/3/4");
        ((int)path.StatusCode).ShouldBe(404);
        await RestInteractionTests.OutcomeOf(path);

        using var method = await _server.Client.PatchAsync("metadata", new StringContent("{}"));
        ((int)method.StatusCode).ShouldBe(405);
        await RestInteractionTests.OutcomeOf(method);
    }
}
