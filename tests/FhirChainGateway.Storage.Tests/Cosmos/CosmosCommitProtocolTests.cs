using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Cosmos.Transactions;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using static FhirChainGateway.Storage.Tests.StoreTestData;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>
/// The commit protocol when a gateway stops half-way (simulated by freezing its commit at a stage):
/// what other gateways read, how writers and the recovery pass finish or undo the batch, and that the
/// frozen gateway, once it resumes, neither fails a committed batch nor duplicates anything.
/// </summary>
[CosmosTest]
[Collection(CosmosCollection.Name)]
public sealed class CosmosCommitProtocolTests(CosmosTestServer server)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Another gateway whose clock says every lease taken now has expired.</summary>
    private static readonly TimeProvider Later = new ShiftedTimeProvider(TimeSpan.FromMinutes(5));

    [Fact]
    public async Task A_batch_stopped_after_its_commit_point_is_read_as_committed_and_recovery_publishes_it()
    {
        await using var test = new CosmosTestDatabase(server);
        var gatewayA = new CosmosResourceStore(test.Open());
        await gatewayA.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1", [Identifier("old")], "one")), None);
        var (stopped, resume) = FreezeAt(gatewayA, CommitStage.Committed);
        var message = Message("Patient/p1", T0.AddSeconds(1));
        var commit = gatewayA.CommitAsync(
            Batch(
                [
                    Write(WriteKind.Update, "Patient", "p1", 2, 1, T0.AddSeconds(1), "Patient/p1", [Identifier("new")], "two"),
                    Write(WriteKind.Create, "Observation", "o1", 1, 0, T0.AddSeconds(1), "Patient/p1"),
                ],
                message),
            None);
        await stopped;

        var databaseB = test.Open();
        var gatewayB = new CosmosResourceStore(databaseB);
        var outboxB = new CosmosOutboxStore(databaseB, TimeProvider.System);

        // Reads observe the batch at its commit point although nothing is published yet.
        var patient = await gatewayB.ReadCurrentAsync("Patient", "p1", None);
        patient!.VersionId.ShouldBe(2);
        Text(patient).ShouldContain("two");
        (await gatewayB.ReadCurrentAsync("Observation", "o1", None)).ShouldNotBeNull();
        (await gatewayB.ReadHistoryAsync("Patient", "p1", 10, null, None)).Versions.Select(v => v.VersionId).ShouldBe([2L, 1L]);

        // Search and the outbox see published state only.
        (await SearchIds(gatewayB, new TokenExpression("identifier", null, "old"))).ShouldBe(["p1"]);
        (await outboxB.CountPendingAsync(None)).ShouldBe(0);

        var report = await gatewayB.RecoverAsync(None);

        report.RolledForward.ShouldBe(1);
        (await SearchIds(gatewayB, new TokenExpression("identifier", null, "new"))).ShouldBe(["p1"]);
        (await SearchIds(gatewayB, new TokenExpression("identifier", null, "old"))).ShouldBeEmpty();
        (await SearchAllIds(gatewayB, new SearchQuery(null, new CompartmentExpression("Patient/p1"), 10, null))).ShouldBe(["Observation/o1", "Patient/p1"], ignoreOrder: true);
        (await outboxB.ReadPendingAsync(10, None)).Single().Message.MessageId.ShouldBe(message.MessageId);
        (await gatewayB.RecoverAsync(None)).ShouldBe(new CosmosRecoveryReport(0, 0, 0, 0));

        // The frozen gateway resumes: its batch is committed, so it succeeds, and it publishes nothing twice.
        resume();
        await commit;
        (await outboxB.CountPendingAsync(None)).ShouldBe(1);
        (await gatewayB.ReadCurrentAsync("Patient", "p1", None))!.VersionId.ShouldBe(2);
        (await TransactionRecords(test)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_batch_stopped_before_its_commit_point_is_invisible_and_blocks_writers_until_its_lease_expires()
    {
        await using var test = new CosmosTestDatabase(server);
        var gatewayA = new CosmosResourceStore(test.Open());
        await gatewayA.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1", note: "one")), None);
        var (stopped, resume) = FreezeAt(gatewayA, CommitStage.Staged);
        var commit = gatewayA.CommitAsync(
            Batch([Write(WriteKind.Update, "Patient", "p1", 2, 1, T0.AddSeconds(1), "Patient/p1", note: "frozen")], Message("Patient/p1", T0)),
            None);
        await stopped;

        var gatewayB = new CosmosResourceStore(test.Open());
        (await gatewayB.ReadCurrentAsync("Patient", "p1", None))!.VersionId.ShouldBe(1);
        (await gatewayB.ReadVersionAsync("Patient", "p1", 2, None)).ShouldBeNull();
        (await gatewayB.ReadHistoryAsync("Patient", "p1", 10, null, None)).Versions.Count.ShouldBe(1);

        // While the lease runs, the resource is locked: the writer gets a conflict at once.
        var conflict = await Should.ThrowAsync<VersionConflictException>(() => gatewayB.CommitAsync(
            Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, T0.AddSeconds(2), "Patient/p1", note: "b")), None));
        conflict.ActualVersion.ShouldBe(1);

        // Once it has expired, a writer aborts the stuck batch and takes over.
        var databaseC = test.Open(Later);
        var gatewayC = new CosmosResourceStore(databaseC);
        var messageC = Message("Patient/p1", T0.AddSeconds(3));
        await gatewayC.CommitAsync(
            Batch([Write(WriteKind.Update, "Patient", "p1", 2, 1, T0.AddSeconds(3), "Patient/p1", note: "c")], messageC), None);

        // The frozen gateway resumes and learns that its batch was aborted; nothing of it remains.
        resume();
        await Should.ThrowAsync<TimeoutException>(() => commit);
        var current = await gatewayB.ReadCurrentAsync("Patient", "p1", None);
        current!.VersionId.ShouldBe(2);
        Text(current).ShouldContain("<div>c</div>");
        (await gatewayB.ReadHistoryAsync("Patient", "p1", 10, null, None)).Versions.Count.ShouldBe(2);
        (await new CosmosOutboxStore(databaseC, TimeProvider.System).ReadPendingAsync(10, None))
            .Select(p => p.Message.MessageId).ShouldBe([messageC.MessageId]);
        (await TransactionRecords(test)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Recovery_rolls_back_expired_pending_batches_and_leaves_live_ones_alone()
    {
        await using var test = new CosmosTestDatabase(server);
        var gatewayA = new CosmosResourceStore(test.Open());
        await gatewayA.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1", [Identifier("1")])), None);
        var (stopped, _) = FreezeAt(gatewayA, CommitStage.Staged);
        _ = gatewayA.CommitAsync(
            Batch(
                [
                    Write(WriteKind.Update, "Patient", "p1", 2, 1, T0, "Patient/p1", [Identifier("2")]),
                    Write(WriteKind.Create, "Encounter", "e1", 1, 0, T0, "Patient/p1"),
                ],
                Message("Patient/p1", T0)),
            None);
        await stopped;

        var gatewayB = new CosmosResourceStore(test.Open());
        (await gatewayB.ReadCurrentAsync("Encounter", "e1", None)).ShouldBeNull("its head exists, locked by a batch that has not committed");
        var live = await gatewayB.RecoverAsync(None);
        live.ShouldBe(new CosmosRecoveryReport(0, 0, 1, 0));

        var databaseLater = test.Open(Later);
        var gatewayLater = new CosmosResourceStore(databaseLater);
        var report = await gatewayLater.RecoverAsync(None);

        report.RolledBack.ShouldBe(1);
        (await gatewayLater.ReadCurrentAsync("Patient", "p1", None))!.VersionId.ShouldBe(1);
        (await gatewayLater.ReadCurrentAsync("Encounter", "e1", None)).ShouldBeNull();
        (await SearchIds(gatewayLater, new TokenExpression("identifier", null, "1"))).ShouldBe(["p1"]);
        (await new CosmosOutboxStore(databaseLater, TimeProvider.System).CountPendingAsync(None)).ShouldBe(0);

        // Nothing staged is left behind: no version 2, no head of the never-created Encounter, no record.
        (await databaseLater.Resources.ReadAsync<VersionDocument>(DocumentKeys.VersionId("Patient", "p1", 2), "Patient/p1", None)).ShouldBeNull();
        (await databaseLater.Resources.ReadAsync<HeadDocument>(DocumentKeys.HeadId("Encounter", "e1"), "Encounter/e1", None)).ShouldBeNull();
        (await TransactionRecords(test)).ShouldBeEmpty();

        // And the resource is writable again with the next version.
        await gatewayLater.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, T0, "Patient/p1")), None);
    }

    [Fact]
    public async Task A_writer_that_meets_a_committed_but_unpublished_batch_publishes_it_and_continues()
    {
        await using var test = new CosmosTestDatabase(server);
        var gatewayA = new CosmosResourceStore(test.Open());
        await gatewayA.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1")), None);
        var (stopped, _) = FreezeAt(gatewayA, CommitStage.Committed);
        _ = gatewayA.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, T0, "Patient/p1", [Identifier("2")])), None);
        await stopped;

        var gatewayB = new CosmosResourceStore(test.Open());
        await gatewayB.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 3, 2, T0, "Patient/p1", [Identifier("3")], "three")), None);

        (await gatewayB.ReadHistoryAsync("Patient", "p1", 10, null, None)).Versions.Select(v => v.VersionId).ShouldBe([3L, 2L, 1L]);
        (await SearchIds(gatewayB, new TokenExpression("identifier", null, "3"))).ShouldBe(["p1"]);
        (await SearchIds(gatewayB, new TokenExpression("identifier", null, "2"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_erasure_hides_content_from_its_commit_point_and_publication_removes_it_from_every_document()
    {
        await using var test = new CosmosTestDatabase(server, options => options.InlineBodyLimitBytes = 1024);
        var database = test.Open();
        var gatewayA = new CosmosResourceStore(database);
        byte[] salt = [.. Enumerable.Repeat((byte)9, 16)];
        var large = System.Text.Encoding.UTF8.GetBytes("{\"resourceType\":\"Observation\",\"note\":\"" + new string('x', 3000) + "\"}");
        await gatewayA.CommitAsync(Batch(Write(WriteKind.Create, "Observation", "o1", 1, 0, T0, "Patient/a", [Identifier("secret")]) with { Salt = salt, Json = large }), None);
        await gatewayA.CommitAsync(Batch(Write(WriteKind.Update, "Observation", "o1", 2, 1, T0.AddSeconds(1), "Patient/b", [Identifier("secret")]) with { Salt = salt }), None);
        var (stopped, _) = FreezeAt(gatewayA, CommitStage.Committed);
        var erasure = gatewayA.EraseAsync("Observation", "o1", T0.AddSeconds(2), Batch([Write(WriteKind.Create, "Provenance", "erasure", 1, 0, T0)], Message("Patient/b", T0)), None);
        await stopped;

        var gatewayB = new CosmosResourceStore(test.Open());
        var current = await gatewayB.ReadCurrentAsync("Observation", "o1", None);
        current!.IsErased.ShouldBeTrue();
        current.VersionId.ShouldBe(2);
        var history = await gatewayB.ReadHistoryAsync("Observation", "o1", 10, null, None);
        history.Versions.ShouldAllBe(v => v.IsErased && v.Json.Length == 0 && v.Salt == null);
        (await gatewayB.ReadVersionAsync("Observation", "o1", 1, None))!.Json.Length.ShouldBe(0);

        (await gatewayB.RecoverAsync(None)).RolledForward.ShouldBe(1);

        (await gatewayB.SearchAsync(new SearchQuery("Observation", new TokenExpression("identifier", null, "secret"), 10, null), None)).Resources.ShouldBeEmpty();
        var first = await database.Resources.ReadAsync<VersionDocument>(DocumentKeys.VersionId("Observation", "o1", 1), "Patient/a", None);
        var second = await database.Resources.ReadAsync<VersionDocument>(DocumentKeys.VersionId("Observation", "o1", 2), "Patient/b", None);
        foreach (var document in new[] { first!, second! })
        {
            document.ErasedAt.ShouldNotBeNull();
            document.Body.ShouldBeNull();
            document.Salt.ShouldBeNull();
            document.Index.ShouldBeNull();
            document.Chunks.ShouldBeNull();
        }

        (await database.Resources.ReadAsync<ChunkDocument>(DocumentKeys.ChunkId("Observation", "o1", 1, 0), "Patient/a", None)).ShouldBeNull();
        (await database.Resources.ReadAsync<CurrentDocument>(DocumentKeys.CurrentId("Observation", "o1"), "Patient/b", None)).ShouldBeNull();
        (await gatewayB.ReadCurrentAsync("Provenance", "erasure", None)).ShouldNotBeNull();
        erasure.IsCompleted.ShouldBeFalse("the first gateway is still frozen");

        // Erasing again finds nothing to erase and commits nothing; re-creating continues the versions.
        (await gatewayB.EraseAsync("Observation", "o1", T0, Batch([Write(WriteKind.Create, "Provenance", "again", 1, 0, T0)]), None)).ShouldBeEmpty();
        (await gatewayB.ReadCurrentAsync("Provenance", "again", None)).ShouldBeNull();
        await gatewayB.CommitAsync(Batch(Write(WriteKind.Create, "Observation", "o1", 3, 0, T0, "Patient/b", note: "back")), None);
        (await gatewayB.ReadCurrentAsync("Observation", "o1", None))!.IsErased.ShouldBeFalse();
        (await gatewayB.ReadHistoryAsync("Observation", "o1", 10, null, None)).Versions.Select(v => v.IsErased).ShouldBe([false, true, true]);
    }

    [Fact]
    public async Task A_cancelled_commit_writes_nothing()
    {
        await using var test = new CosmosTestDatabase(server);
        var store = new CosmosResourceStore(test.Open());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(
            () => store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0)), cancelled.Token));

        (await store.ReadCurrentAsync("Patient", "p1", None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_commit_cancelled_while_staging_is_rolled_back_completely()
    {
        await using var test = new CosmosTestDatabase(server);
        var database = test.Open();
        var store = new CosmosResourceStore(database);
        await store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1")), None);
        using var cancellation = new CancellationTokenSource();
        store.CommitStageReached = async stage =>
        {
            if (stage == CommitStage.Staged)
            {
                await cancellation.CancelAsync();
            }
        };

        await Should.ThrowAsync<OperationCanceledException>(() => store.CommitAsync(
            Batch([Write(WriteKind.Update, "Patient", "p1", 2, 1, T0, "Patient/p1"), Write(WriteKind.Create, "Patient", "p2", 1, 0, T0)], Message("Patient/p1", T0)),
            cancellation.Token));

        (await store.ReadCurrentAsync("Patient", "p1", None))!.VersionId.ShouldBe(1);
        (await store.ReadCurrentAsync("Patient", "p2", None)).ShouldBeNull();
        (await database.Resources.ReadAsync<VersionDocument>(DocumentKeys.VersionId("Patient", "p1", 2), "Patient/p1", None)).ShouldBeNull();
        (await new CosmosOutboxStore(database, TimeProvider.System).CountPendingAsync(None)).ShouldBe(0);
        (await TransactionRecords(test)).ShouldBeEmpty();
    }

    /// <summary>Makes the store's next commit stop at <paramref name="stage"/> until resumed.</summary>
    private static (Task Stopped, Action Resume) FreezeAt(CosmosResourceStore store, CommitStage stage)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.CommitStageReached = reached =>
        {
            if (reached != stage)
            {
                return Task.CompletedTask;
            }

            stopped.TrySetResult();
            return resume.Task;
        };
        return (stopped.Task.WaitAsync(TimeSpan.FromSeconds(30)), () => resume.TrySetResult());
    }

    private static async Task<List<string>> SearchIds(IResourceStore store, SearchExpression where) =>
        (await SearchAllIds(store, new SearchQuery("Patient", where, 10, null))).Select(key => key["Patient/".Length..]).ToList();

    private static async Task<List<string>> SearchAllIds(IResourceStore store, SearchQuery query)
    {
        var page = await store.SearchAsync(query, None);
        page.ContinuationToken.ShouldBeNull();
        return page.Resources.Select(r => $"{r.ResourceType}/{r.Id}").ToList();
    }

    private static async Task<List<string>> TransactionRecords(CosmosTestDatabase test)
    {
        var database = test.Open();
        var records = await database.System.QueryAllAsync(
            new Microsoft.Azure.Cosmos.QueryDefinition("SELECT VALUE c.id FROM c WHERE c.kind = @kind").WithParameter("@kind", DocumentKeys.TransactionKind),
            partitionKey: null,
            None);
        return records.Select(r => r.GetString()!).ToList();
    }

    private static string Text(ResourceVersion version) => System.Text.Encoding.UTF8.GetString(version.Json.Span);
}
