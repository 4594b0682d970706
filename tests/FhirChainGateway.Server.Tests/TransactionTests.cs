using System.Net;
using System.Text.Json;

namespace FhirChainGateway.Server.Tests;

/// <summary>Transaction and batch Bundles posted to the server base.</summary>
public sealed class TransactionTests : IAsyncLifetime
{
    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_transaction_rewrites_urn_uuid_references_to_the_new_ids()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
               "resource":{"resourceType":"Patient","name":[{"family":"Doe"}]},
               "request":{"method":"POST","url":"Patient"}},
              {"fullUrl":"urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059",
               "resource":{"resourceType":"Observation","status":"final","code":{"text":"weight"},
                           "subject":{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
                           "valueQuantity":{"value":72.50,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}},
               "request":{"method":"POST","url":"Observation"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        result.RootElement.GetProperty("type").GetString().ShouldBe("transaction-response");
        var locations = result.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("response"))
            .Select(r => (Status: r.GetProperty("status").GetString(), Location: r.GetProperty("location").GetString()!))
            .ToList();
        locations.ShouldAllBe(l => l.Status == "201 Created");
        var patientId = locations[0].Location.Split('/')[1];

        using var observation = await _server.Client.GetAsync(locations[1].Location);
        using var body = JsonDocument.Parse(await observation.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("subject").GetProperty("reference").GetString().ShouldBe($"Patient/{patientId}");
        body.RootElement.GetProperty("valueQuantity").GetProperty("value").GetRawText().ShouldBe("72.50");
    }

    [Fact]
    public async Task A_transaction_with_one_invalid_entry_stores_nothing_and_publishes_nothing()
    {
        var before = await _server.WaitForQuietLedgerAsync();
        var provenanceBefore = await CountAsync("Provenance?_count=1000");
        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:0f6d7d3e-0000-4000-8000-000000000001",
               "resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:tx","value":"rollback"}]},
               "request":{"method":"POST","url":"Patient"}},
              {"fullUrl":"urn:uuid:0f6d7d3e-0000-4000-8000-000000000002",
               "resource":{"resourceType":"Observation","code":{"text":"missing status"},
                           "subject":{"reference":"urn:uuid:0f6d7d3e-0000-4000-8000-000000000001"}},
               "request":{"method":"POST","url":"Observation"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        var outcome = await RestInteractionTests.OutcomeOf(response);
        outcome.ShouldContain("Bundle.entry[1]");
        outcome.ShouldContain("status");
        (await CountAsync("Patient?identifier=urn:test:tx|rollback")).ShouldBe(0);
        (await CountAsync("Provenance?_count=1000")).ShouldBe(provenanceBefore);
        (await _server.WaitForQuietLedgerAsync()).TreeSize.ShouldBe(before.TreeSize);
        (await _server.PendingOutboxAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Conditional_references_resolve_to_the_matching_resource()
    {
        using (var org = await _server.PostJsonAsync("Organization", """{"resourceType":"Organization","identifier":[{"system":"urn:test:org","value":"hospital-1"}],"name":"General"}"""))
        {
            org.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:5e0c9f55-0000-4000-8000-000000000001",
               "resource":{"resourceType":"Patient","managingOrganization":{"reference":"Organization?identifier=urn:test:org|hospital-1"}},
               "request":{"method":"POST","url":"Patient"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var location = result.RootElement.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!;
        using var patient = await _server.Client.GetAsync(location);
        using var body = JsonDocument.Parse(await patient.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("managingOrganization").GetProperty("reference").GetString()!.ShouldMatch("^Organization/[0-9a-f-]{36}$");
    }

    [Fact]
    public async Task An_unresolvable_conditional_reference_fails_the_transaction_naming_the_entry()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"resource":{"resourceType":"Patient","managingOrganization":{"reference":"Organization?identifier=urn:test:org|nowhere"}},
               "request":{"method":"POST","url":"Patient"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var outcome = await RestInteractionTests.OutcomeOf(response);
        outcome.ShouldContain("Bundle.entry[0]");
        outcome.ShouldContain("matches no resource");
    }

    [Fact]
    public async Task A_batch_reports_each_entry_separately_and_keeps_the_good_ones()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"batch","entry":[
              {"resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:batch","value":"good"}]},
               "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:test:batch|good"}},
              {"resource":{"resourceType":"Observation","code":{"text":"no status"}},
               "request":{"method":"POST","url":"Observation"}},
              {"resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:batch","value":"good"}]},
               "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:test:batch|good"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var statuses = result.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("response").GetProperty("status").GetString()![..3]).ToList();
        statuses[0].ShouldBe("201");
        int.Parse(statuses[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(400, 499);
        statuses[2].ShouldBe("200");
        result.RootElement.GetProperty("entry")[1].GetProperty("response").GetProperty("outcome").GetProperty("resourceType").GetString().ShouldBe("OperationOutcome");
    }

    [Fact]
    public async Task Validation_warnings_reach_the_response_entry_they_belong_to()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"resource":{"resourceType":"Patient","name":[{"family":"Plain"}]},"request":{"method":"POST","url":"Patient"}},
              {"resource":{"resourceType":"Patient","extension":[{"url":"http://example.org/StructureDefinition/shoe-size","valueInteger":44}],"name":[{"family":"Extended"}]},
               "request":{"method":"POST","url":"Patient"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entries = result.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response")).ToList();
        entries.ShouldAllBe(r => r.GetProperty("status").GetString() == "201 Created");
        // Both may carry best-practice warnings (dom-6: no narrative); only the second has the unknown extension.
        (entries[0].TryGetProperty("outcome", out var first) ? first.GetRawText() : string.Empty).ShouldNotContain("shoe-size");
        entries[1].GetProperty("outcome").GetRawText().ShouldContain("shoe-size");
    }

    [Fact]
    public async Task A_transaction_writes_one_Provenance_covering_every_entry()
    {
        var before = (await _server.CheckpointAsync()).TreeSize;
        const string bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:7a1e0000-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:prov","value":"p"}]},"request":{"method":"POST","url":"Patient"}},
              {"fullUrl":"urn:uuid:7a1e0000-0000-4000-8000-000000000002","resource":{"resourceType":"Observation","status":"final","code":{"text":"a"},"subject":{"reference":"urn:uuid:7a1e0000-0000-4000-8000-000000000001"}},"request":{"method":"POST","url":"Observation"}},
              {"fullUrl":"urn:uuid:7a1e0000-0000-4000-8000-000000000003","resource":{"resourceType":"Observation","status":"final","code":{"text":"b"},"subject":{"reference":"urn:uuid:7a1e0000-0000-4000-8000-000000000001"}},"request":{"method":"POST","url":"Observation"}}]}
            """;

        using var response = await _server.PostJsonAsync("", bundle);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var written = result.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("response").GetProperty("location").GetString()).Order().ToList();

        var checkpoint = await _server.WaitForCheckpointAsync(before + 1, TimeSpan.FromSeconds(20));
        checkpoint.TreeSize.ShouldBe(before + 1);
        using var provenance = await _server.Client.GetAsync("Provenance?_count=100");
        using var provenanceBundle = JsonDocument.Parse(await provenance.Content.ReadAsStringAsync());
        var covering = provenanceBundle.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource").GetProperty("target").EnumerateArray().Select(t => t.GetProperty("reference").GetString()).Order().ToList())
            .Where(targets => targets.Count == 3)
            .ToList();
        covering.Count.ShouldBe(1);
        covering[0].ShouldBe(written);
    }

    private async Task<int> CountAsync(string query)
    {
        using var response = await _server.Client.GetAsync(query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("entry", out var entries) ? entries.GetArrayLength() : 0;
    }
}
