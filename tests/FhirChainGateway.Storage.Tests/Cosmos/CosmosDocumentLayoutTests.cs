using System.Text;
using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using Microsoft.Azure.Cosmos;
using static FhirChainGateway.Storage.Tests.StoreTestData;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>Where documents land (README.md, "Document layout"), large bodies, and exact bytes.</summary>
[CosmosTest]
[Collection(CosmosCollection.Name)]
public sealed class CosmosDocumentLayoutTests(CosmosTestServer server)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_patients_resources_and_their_whole_history_share_the_patients_partition()
    {
        await using var test = new CosmosTestDatabase(server);
        var database = test.Open();
        var store = new CosmosResourceStore(database);
        await store.CommitAsync(
            Batch(
                Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1"),
                Write(WriteKind.Create, "Observation", "o1", 1, 0, T0, "Patient/p1"),
                Write(WriteKind.Create, "Organization", "org", 1, 0, T0)),
            None);
        await store.CommitAsync(Batch(Write(WriteKind.Update, "Observation", "o1", 2, 1, T0, "Patient/p1")), None);

        // The head is in the resource's own partition and points at the compartment.
        var head = await database.Resources.ReadAsync<HeadDocument>(DocumentKeys.HeadId("Observation", "o1"), "Observation/o1", None);
        head!.Committed.Version.ShouldBe(2);
        head.Committed.DataPartition.ShouldBe("Patient/p1");
        head.Lock.ShouldBeNull();

        // One single-partition query returns the patient's whole history (every resource, every version)...
        var history = await database.Resources.QueryAllAsync(
            new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.pk = @pk AND c.kind = @kind").WithParameter("@pk", "Patient/p1").WithParameter("@kind", DocumentKeys.VersionKind),
            "Patient/p1",
            None);
        history.Select(i => i.GetString()).ShouldBe(
            [DocumentKeys.VersionId("Patient", "p1", 1), DocumentKeys.VersionId("Observation", "o1", 1), DocumentKeys.VersionId("Observation", "o1", 2)],
            ignoreOrder: true);

        // ...and its current resources, which is what Patient/$everything searches.
        (await database.Resources.ReadAsync<CurrentDocument>(DocumentKeys.CurrentId("Observation", "o1"), "Patient/p1", None))!.Version.ShouldBe(2);
        (await database.Resources.ReadAsync<CurrentDocument>(DocumentKeys.CurrentId("Organization", "org"), "Organization/org", None)).ShouldNotBeNull();
        CosmosSearchQueryBuilder.Build(new SearchQuery(null, new CompartmentExpression("Patient/p1"), 10, null), null).PartitionKey.ShouldBe("Patient/p1");
    }

    [Fact]
    public async Task Bodies_larger_than_the_inline_limit_are_chunked_and_read_back_byte_for_byte()
    {
        await using var test = new CosmosTestDatabase(server, options => options.InlineBodyLimitBytes = 1024);
        var database = test.Open();
        var store = new CosmosResourceStore(database);
        var large = LargeBody("Observation", "big", 5000);
        await store.CommitAsync(Batch(WithBody(Write(WriteKind.Create, "Observation", "big", 1, 0, T0, "Patient/p1", [Token("code", "http://loinc.org", "1")]), large)), None);
        var small = Encoding.UTF8.GetBytes("""{"resourceType":"Observation","id":"big","status":"final"}""");
        await store.CommitAsync(Batch(WithBody(Write(WriteKind.Update, "Observation", "big", 2, 1, T0.AddSeconds(1), "Patient/p1"), small)), None);
        await store.CommitAsync(Batch(WithBody(Write(WriteKind.Update, "Observation", "big", 3, 2, T0.AddSeconds(2), "Patient/p1", [Token("code", "http://loinc.org", "1")]), large)), None);

        var version = await database.Resources.ReadAsync<VersionDocument>(DocumentKeys.VersionId("Observation", "big", 1), "Patient/p1", None);
        version!.Body.ShouldBeNull();
        version.Chunks.ShouldBe((large.Length + 1023) / 1024);
        version.Chunks!.Value.ShouldBeGreaterThan(4);
        (await store.ReadCurrentAsync("Observation", "big", None))!.Json.ToArray().ShouldBe(large);
        (await store.ReadVersionAsync("Observation", "big", 1, None))!.Json.ToArray().ShouldBe(large);
        (await store.ReadHistoryAsync("Observation", "big", 10, null, None)).Versions.Select(v => v.Json.ToArray()).ShouldBe([large, small, large]);
        var found = await store.SearchAsync(new SearchQuery("Observation", new TokenExpression("code", "http://loinc.org", "1"), 10, null), None);
        found.Resources.Single().Json.ToArray().ShouldBe(large);
    }

    [Fact]
    public async Task Bodies_round_trip_exactly_including_escapes_non_ascii_and_decimal_precision()
    {
        await using var test = new CosmosTestDatabase(server);
        var store = new CosmosResourceStore(test.Open());
        var body = Encoding.UTF8.GetBytes(
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"Müller-Łukasiewicz \\\"Ω\\\" 😀\",\"text\":\"<b>&amp;\\\\n\\u0001</b>\"}],"
            + "\"extension\":[{\"url\":\"x\",\"valueDecimal\":1.50}, {\"url\":\"y\",\"valueDecimal\":12345678901234567890.0}]}");

        await store.CommitAsync(Batch(WithBody(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0), body)), None);

        (await store.ReadCurrentAsync("Patient", "p1", None))!.Json.ToArray().ShouldBe(body);
        (await store.SearchAsync(new SearchQuery("Patient", new IdExpression(["p1"]), 10, null), None)).Resources.Single().Json.ToArray().ShouldBe(body);
    }

    [Fact]
    public async Task History_and_old_versions_stay_readable_when_a_resource_moves_between_compartments()
    {
        await using var test = new CosmosTestDatabase(server);
        var database = test.Open();
        var store = new CosmosResourceStore(database);
        var writes = new[]
        {
            Write(WriteKind.Create, "Observation", "o1", 1, 0, T0, "Patient/a", note: "v1"),
            Write(WriteKind.Update, "Observation", "o1", 2, 1, T0.AddSeconds(1), "Patient/b", note: "v2"),
            Write(WriteKind.Update, "Observation", "o1", 3, 2, T0.AddSeconds(2), "Patient/b", note: "v3"),
            Write(WriteKind.Update, "Observation", "o1", 4, 3, T0.AddSeconds(3), "Patient/a", note: "v4"),
        };
        foreach (var write in writes)
        {
            await store.CommitAsync(Batch(write), None);
        }

        var pages = new List<HistoryPage>();
        string? token = null;
        do
        {
            var page = await store.ReadHistoryAsync("Observation", "o1", 3, token, None);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 5);

        pages.SelectMany(p => p.Versions).Select(v => v.Json.ToArray()).ShouldBe(writes.Reverse().Select(w => w.Json.ToArray()));
        pages.Select(p => p.Versions.Count).ShouldBe([3, 1]);
        for (var version = 1; version <= 4; version++)
        {
            (await store.ReadVersionAsync("Observation", "o1", version, None))!.Json.ToArray().ShouldBe(writes[version - 1].Json.ToArray());
        }

        var head = await database.Resources.ReadAsync<HeadDocument>(DocumentKeys.HeadId("Observation", "o1"), "Observation/o1", None);
        head!.Committed.Segments.Select(s => (s.PartitionKey, s.FromVersion)).ShouldBe([("Patient/a", 1L), ("Patient/b", 2L), ("Patient/a", 4L)]);
        (await store.SearchAsync(new SearchQuery(null, new CompartmentExpression("Patient/b"), 10, null), None)).Resources.ShouldBeEmpty();
        (await store.SearchAsync(new SearchQuery(null, new CompartmentExpression("Patient/a"), 10, null), None)).Resources.Single().VersionId.ShouldBe(4);
    }

    [Fact]
    public async Task A_batch_may_write_the_same_resource_twice_and_keeps_both_versions()
    {
        await using var test = new CosmosTestDatabase(server);
        var store = new CosmosResourceStore(test.Open());

        await store.CommitAsync(
            Batch(
                Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1", [Identifier("first")], "one"),
                Write(WriteKind.Update, "Patient", "p1", 2, 1, T0.AddSeconds(1), "Patient/p1", [Identifier("second")], "two")),
            None);

        (await store.ReadHistoryAsync("Patient", "p1", 10, null, None)).Versions.Select(v => v.VersionId).ShouldBe([2L, 1L]);
        (await store.SearchAsync(new SearchQuery("Patient", new TokenExpression("identifier", null, "second"), 10, null), None)).Resources.Single().VersionId.ShouldBe(2);
        (await store.SearchAsync(new SearchQuery("Patient", new TokenExpression("identifier", null, "first"), 10, null), None)).Resources.ShouldBeEmpty();
    }

    private static byte[] LargeBody(string type, string id, int size)
    {
        var text = new StringBuilder($$"""{"resourceType":"{{type}}","id":"{{id}}","note":[""");
        for (var i = 0; text.Length < size; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append("{\"text\":\"é ü ✓ line ").Append(i).Append(" \\\"quoted\\\"\"}");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    private static ResourceWrite WithBody(ResourceWrite write, byte[] body) => write with { Json = body };
}
