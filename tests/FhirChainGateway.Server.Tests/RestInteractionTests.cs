using System.Net;
using System.Text;
using System.Text.Json;

namespace FhirChainGateway.Server.Tests;

/// <summary>The single-resource REST interactions, over a real HTTP server.</summary>
public sealed class RestInteractionTests : IAsyncLifetime
{
    private const string PatientJson = """
        {"resourceType":"Patient","identifier":[{"system":"urn:test:mrn","value":"12345"}],"active":true,
         "name":[{"family":"Chalmers","given":["Peter","James"]}],"gender":"male","birthDate":"1974-12-25"}
        """;

    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_assigns_id_version_and_answers_201_with_location_and_etag()
    {
        using var response = await _server.PostJsonAsync("Patient", PatientJson);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.ETag!.ToString().ShouldBe("W/\"1\"");
        response.Headers.Location!.ToString().ShouldMatch(@"/Patient/[0-9a-f-]{36}/_history/1$");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString()!;
        body.RootElement.GetProperty("meta").GetProperty("versionId").GetString().ShouldBe("1");
        body.RootElement.GetProperty("meta").GetProperty("lastUpdated").GetString().ShouldNotBeNullOrEmpty();
        response.Headers.Location!.ToString().ShouldContain(id);
    }

    [Fact]
    public async Task Read_returns_what_was_created()
    {
        var id = await CreatePatientAsync();

        using var read = await _server.Client.GetAsync($"Patient/{id}");

        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        read.Headers.ETag!.ToString().ShouldBe("W/\"1\"");
        using var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("name")[0].GetProperty("given")[1].GetString().ShouldBe("James");
        body.RootElement.GetProperty("birthDate").GetString().ShouldBe("1974-12-25");
    }

    [Fact]
    public async Task Update_increments_the_version_and_keeps_history()
    {
        var id = await CreatePatientAsync();
        var updated = PatientJson.Replace("\"resourceType\":\"Patient\",", $"\"resourceType\":\"Patient\",\"id\":\"{id}\",", StringComparison.Ordinal)
            .Replace("\"active\":true", "\"active\":false", StringComparison.Ordinal);

        using var put = await _server.PutJsonAsync($"Patient/{id}", updated);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        put.Headers.ETag!.ToString().ShouldBe("W/\"2\"");

        using var v1 = await _server.Client.GetAsync($"Patient/{id}/_history/1");
        using var v1Body = JsonDocument.Parse(await v1.Content.ReadAsStringAsync());
        v1Body.RootElement.GetProperty("active").GetBoolean().ShouldBeTrue();

        using var history = await _server.Client.GetAsync($"Patient/{id}/_history");
        using var bundle = JsonDocument.Parse(await history.Content.ReadAsStringAsync());
        bundle.RootElement.GetProperty("type").GetString().ShouldBe("history");
        var versions = bundle.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource").GetProperty("meta").GetProperty("versionId").GetString()).ToList();
        versions.ShouldBe(["2", "1"]);
    }

    [Fact]
    public async Task Update_with_a_stale_If_Match_is_refused_with_412_and_changes_nothing()
    {
        var id = await CreatePatientAsync();
        var updated = PatientJson.Replace("\"resourceType\":\"Patient\",", $"\"resourceType\":\"Patient\",\"id\":\"{id}\",", StringComparison.Ordinal);
        using (var first = await _server.PutJsonAsync($"Patient/{id}", updated, r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"")))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var stale = await _server.PutJsonAsync($"Patient/{id}", updated, r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));

        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await OutcomeOf(stale)).ShouldContain("If-Match");
        using var read = await _server.Client.GetAsync($"Patient/{id}");
        read.Headers.ETag!.ToString().ShouldBe("W/\"2\"");
    }

    [Fact]
    public async Task Update_with_an_id_that_differs_from_the_url_is_a_400()
    {
        var id = await CreatePatientAsync();
        var other = PatientJson.Replace("\"resourceType\":\"Patient\",", "\"resourceType\":\"Patient\",\"id\":\"somebody-else\",", StringComparison.Ordinal);

        using var put = await _server.PutJsonAsync($"Patient/{id}", other);

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await OutcomeOf(put)).ShouldContain("does not match");
    }

    [Fact]
    public async Task Delete_then_read_is_410_and_history_shows_the_deletion()
    {
        var id = await CreatePatientAsync();

        using var delete = await _server.Client.DeleteAsync($"Patient/{id}");
        delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var read = await _server.Client.GetAsync($"Patient/{id}");
        read.StatusCode.ShouldBe(HttpStatusCode.Gone);
        using var history = await _server.Client.GetAsync($"Patient/{id}/_history");
        using var bundle = JsonDocument.Parse(await history.Content.ReadAsStringAsync());
        var first = bundle.RootElement.GetProperty("entry")[0];
        first.GetProperty("request").GetProperty("method").GetString().ShouldBe("DELETE");
        first.TryGetProperty("resource", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Unknown_resources_and_types_answer_404_with_an_OperationOutcome()
    {
        using var missing = await _server.Client.GetAsync("Patient/does-not-exist");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OutcomeOf(missing)).ShouldContain("not known");

        using var unknownType = await _server.Client.GetAsync("Spaceship/1");
        unknownType.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OutcomeOf(unknownType)).ShouldContain("Spaceship");
    }

    [Fact]
    public async Task Conditional_create_returns_the_existing_resource_instead_of_a_duplicate()
    {
        var id = await CreatePatientAsync();

        using var again = await _server.PostJsonAsync("Patient", PatientJson, r => r.Headers.TryAddWithoutValidation("If-None-Exist", "identifier=urn:test:mrn|12345"));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("id").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task Search_by_identifier_finds_the_patient()
    {
        var id = await CreatePatientAsync();

        using var search = await _server.Client.GetAsync("Patient?identifier=urn:test:mrn|12345");

        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var bundle = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        bundle.RootElement.GetProperty("type").GetString().ShouldBe("searchset");
        bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()).ShouldBe([id]);
    }

    [Fact]
    public async Task Every_write_creates_a_readable_Provenance_whose_target_commitment_matches_the_stored_version()
    {
        var id = await CreatePatientAsync();

        using var search = await _server.Client.GetAsync("Provenance?_count=10");
        using var bundle = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        var provenance = bundle.RootElement.GetProperty("entry")[0].GetProperty("resource");
        var target = provenance.GetProperty("target")[0];
        target.GetProperty("reference").GetString().ShouldBe($"Patient/{id}/_history/1");
        var commitment = target.GetProperty("extension").EnumerateArray()
            .Single(e => e.GetProperty("url").GetString()!.EndsWith("target-commitment", StringComparison.Ordinal))
            .GetProperty("valueString").GetString();
        provenance.GetProperty("activity").GetProperty("coding")[0].GetProperty("code").GetString().ShouldBe("CREATE");

        // The salt is not public; the version's ledger receipt carries it.
        await _server.WaitForQuietLedgerAsync();
        using var receipt = await _server.Client.GetAsync($"Patient/{id}/_history/1/$ledger-receipt");
        var salt = FhirChainGateway.Ledger.Receipts.LedgerReceipt.Parse(await receipt.Content.ReadAsByteArrayAsync()).SubjectSalt!;
        using var stored = await _server.Client.GetAsync($"Patient/{id}/_history/1");
        commitment.ShouldBe(Hashes.Commitment(salt, await stored.Content.ReadAsByteArrayAsync()));
        Hashes.Commitment(salt, Encoding.UTF8.GetBytes(PatientJson.Replace("Chalmers", "Chalmerz", StringComparison.Ordinal))).ShouldNotBe(commitment);
    }

    [Fact]
    public async Task The_ledger_receives_one_leaf_per_interaction()
    {
        var before = (await _server.CheckpointAsync()).TreeSize;
        await CreatePatientAsync();
        await CreatePatientAsync();

        var checkpoint = await _server.WaitForCheckpointAsync(before + 2, TimeSpan.FromSeconds(20));

        checkpoint.TreeSize.ShouldBe(before + 2);
        checkpoint.Note.ShouldStartWith("fhirchain.local/ledger\n");
    }

    [Fact]
    public async Task Validation_warnings_of_a_successful_write_come_back_in_the_OperationOutcome()
    {
        const string withUnknownExtension = """
            {"resourceType":"Patient","extension":[{"url":"http://example.org/StructureDefinition/favourite-colour","valueString":"blue"}],
             "name":[{"family":"Warned"}]}
            """;

        using var response = await _server.PostJsonAsync("Patient", withUnknownExtension, r => r.Headers.TryAddWithoutValidation("Prefer", "return=OperationOutcome"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var outcome = await OutcomeOf(response);
        outcome.ShouldContain("\"severity\":\"warning\"");
        outcome.ShouldContain("favourite-colour");
    }

    [Fact]
    public async Task A_write_that_breaks_an_R4_invariant_is_refused_with_422()
    {
        // ppc-1: a Consent needs a policy or a policyRule.
        const string consent = """{"resourceType":"Consent","status":"active","scope":{"text":"x"},"category":[{"text":"x"}]}""";

        using var response = await _server.PostJsonAsync("Consent", consent);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await OutcomeOf(response)).ShouldContain("ppc-1");
    }

    [Fact]
    public async Task Metadata_is_a_CapabilityStatement_for_R4()
    {
        using var response = await _server.Client.GetAsync("metadata");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("resourceType").GetString().ShouldBe("CapabilityStatement");
        body.RootElement.GetProperty("fhirVersion").GetString().ShouldBe("4.0.1");
        body.RootElement.GetProperty("rest")[0].GetProperty("resource").EnumerateArray()
            .Select(r => r.GetProperty("type").GetString()).ShouldContain("Observation");
    }

    private async Task<string> CreatePatientAsync()
    {
        using var response = await _server.PostJsonAsync("Patient", PatientJson);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    internal static async Task<string> OutcomeOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        body.RootElement.GetProperty("resourceType").GetString().ShouldBe("OperationOutcome");
        return text;
    }
}
