using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using FhirChainGateway.TestSupport;
using static FhirChainGateway.Storage.Tests.StoreTestData;

namespace FhirChainGateway.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IResourceStore"/> / <see cref="IOutboxStore"/> backend must have,
/// written only against the abstractions. A backend derives from it and supplies fresh, empty stores
/// for each test (xunit creates a new instance per test).
/// </summary>
public abstract class ResourceStoreContractTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected ManualTimeProvider Clock { get; } = new();

    protected IResourceStore Store { get; private set; } = null!;

    protected IOutboxStore Outbox { get; private set; } = null!;

    /// <summary>Fresh, empty stores sharing one database; the outbox must take its time from <paramref name="clock"/>.</summary>
    protected abstract Task<(IResourceStore Store, IOutboxStore Outbox)> CreateStoresAsync(TimeProvider clock);

    protected abstract Task DisposeStoresAsync();

    public async Task InitializeAsync() => (Store, Outbox) = await CreateStoresAsync(Clock);

    public Task DisposeAsync() => DisposeStoresAsync();

    // ---- ledger salts and erasure --------------------------------------------------------------------

    [Fact]
    public async Task The_commitment_salt_is_stored_with_each_version()
    {
        byte[] salt1 = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
        byte[] salt2 = [.. Enumerable.Range(101, 16).Select(i => (byte)i)];
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "s1", 1, 0, Now()) with { Salt = salt1 }), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "s1", 2, 1, Now()) with { Salt = salt2 }), None);

        (await Store.ReadCurrentAsync("Patient", "s1", None))!.Salt.ShouldBe(salt2);
        (await Store.ReadVersionAsync("Patient", "s1", 1, None))!.Salt.ShouldBe(salt1);
        var history = await Store.ReadHistoryAsync("Patient", "s1", 10, null, None);
        history.Versions.Select(v => v.Salt).ShouldBe([salt2, salt1]);
    }

    [Fact]
    public async Task Erasure_deletes_content_and_salts_of_every_version_and_commits_its_record_atomically()
    {
        var erasure = Store.ShouldBeAssignableTo<IResourceErasure>()!;
        byte[] salt = [.. Enumerable.Repeat((byte)7, 16)];
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "e1", 1, 0, Now(), index: [Identifier("erase-me")]) with { Salt = salt }), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "e1", 2, 1, Now(), index: [Identifier("erase-me")]) with { Salt = salt }), None);
        var record = Batch([Write(WriteKind.Create, "Provenance", "erasure-record", 1, 0, Now())], Message("Patient/e1", Now()));

        var erased = await erasure.EraseAsync("Patient", "e1", Now(), record, None);

        erased.ShouldBe([1L, 2L]);
        var current = await Store.ReadCurrentAsync("Patient", "e1", None);
        current!.IsErased.ShouldBeTrue();
        current.IsDeleted.ShouldBeTrue();
        foreach (var version in (await Store.ReadHistoryAsync("Patient", "e1", 10, null, None)).Versions)
        {
            version.IsErased.ShouldBeTrue();
            version.Json.Length.ShouldBe(0);
            version.Salt.ShouldBeNull();
        }

        (await Store.SearchAsync(new SearchQuery("Patient", new TokenExpression("identifier", null, "erase-me"), 10, null), None)).Resources.ShouldBeEmpty();
        (await Store.ReadCurrentAsync("Provenance", "erasure-record", None)).ShouldNotBeNull();
        (await Outbox.CountPendingAsync(None)).ShouldBe(1);
    }

    [Fact]
    public async Task Erasing_an_unknown_resource_erases_and_records_nothing()
    {
        var erasure = Store.ShouldBeAssignableTo<IResourceErasure>()!;
        var record = Batch([Write(WriteKind.Create, "Provenance", "no-record", 1, 0, Now())], Message("Patient/none", Now()));

        var erased = await erasure.EraseAsync("Patient", "none", Now(), record, None);

        erased.ShouldBeEmpty();
        (await Store.ReadCurrentAsync("Provenance", "no-record", None)).ShouldBeNull();
        (await Outbox.CountPendingAsync(None)).ShouldBe(0);
    }

    // ---- reads and writes -------------------------------------------------------------------------

    [Fact]
    public async Task Create_then_read_current_returns_the_stored_bytes_and_version()
    {
        var write = Write(WriteKind.Create, "Patient", "p1", 1, expected: 0, Now(), note: "first");
        await Store.CommitAsync(Batch(write), None);

        var current = await Store.ReadCurrentAsync("Patient", "p1", None);

        current.ShouldNotBeNull();
        current.ResourceType.ShouldBe("Patient");
        current.Id.ShouldBe("p1");
        current.VersionId.ShouldBe(1);
        current.IsDeleted.ShouldBeFalse();
        current.LastUpdated.ShouldBe(write.LastUpdated);
        current.Json.ToArray().ShouldBe(write.Json.ToArray());
    }

    [Fact]
    public async Task Reading_a_resource_that_never_existed_returns_null()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), None);

        (await Store.ReadCurrentAsync("Patient", "p2", None)).ShouldBeNull();
        (await Store.ReadCurrentAsync("Observation", "p1", None)).ShouldBeNull();
        (await Store.ReadVersionAsync("Patient", "p2", 1, None)).ShouldBeNull();
    }

    [Fact]
    public async Task Same_id_in_different_types_are_different_resources()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "x", 1, 0, Now(), note: "patient")), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Observation", "x", 1, 0, Now(), note: "observation")), None);

        var patient = await Store.ReadCurrentAsync("Patient", "x", None);
        var observation = await Store.ReadCurrentAsync("Observation", "x", None);

        Text(patient!).ShouldContain("patient");
        Text(observation!).ShouldContain("observation");
    }

    [Fact]
    public async Task Update_increments_the_version_and_keeps_earlier_versions_readable()
    {
        var v1 = Write(WriteKind.Create, "Patient", "p1", 1, 0, Now(), note: "one");
        var v2 = Write(WriteKind.Update, "Patient", "p1", 2, 1, Now(), note: "two");
        var v3 = Write(WriteKind.Update, "Patient", "p1", 3, 2, Now(), note: "three");
        foreach (var write in new[] { v1, v2, v3 })
        {
            await Store.CommitAsync(Batch(write), None);
        }

        var current = await Store.ReadCurrentAsync("Patient", "p1", None);
        current!.VersionId.ShouldBe(3);
        current.Json.ToArray().ShouldBe(v3.Json.ToArray());

        var first = await Store.ReadVersionAsync("Patient", "p1", 1, None);
        first!.VersionId.ShouldBe(1);
        first.LastUpdated.ShouldBe(v1.LastUpdated);
        first.Json.ToArray().ShouldBe(v1.Json.ToArray());

        var second = await Store.ReadVersionAsync("Patient", "p1", 2, None);
        second!.Json.ToArray().ShouldBe(v2.Json.ToArray());
    }

    [Fact]
    public async Task Reading_a_version_that_was_never_written_returns_null()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), None);

        (await Store.ReadVersionAsync("Patient", "p1", 2, None)).ShouldBeNull();
        (await Store.ReadVersionAsync("Patient", "p1", 0, None)).ShouldBeNull();
    }

    [Fact]
    public async Task Delete_writes_a_deletion_marker_as_the_new_current_version()
    {
        var created = Write(WriteKind.Create, "Patient", "p1", 1, 0, Now());
        await Store.CommitAsync(Batch(created), None);
        var deleted = Write(WriteKind.Delete, "Patient", "p1", 2, 1, Now());
        await Store.CommitAsync(Batch(deleted), None);

        var current = await Store.ReadCurrentAsync("Patient", "p1", None);
        current.ShouldNotBeNull();
        current.IsDeleted.ShouldBeTrue();
        current.VersionId.ShouldBe(2);
        current.LastUpdated.ShouldBe(deleted.LastUpdated);
        current.Json.Length.ShouldBe(0);

        var marker = await Store.ReadVersionAsync("Patient", "p1", 2, None);
        marker!.IsDeleted.ShouldBeTrue();
        var before = await Store.ReadVersionAsync("Patient", "p1", 1, None);
        before!.IsDeleted.ShouldBeFalse();
        before.Json.ToArray().ShouldBe(created.Json.ToArray());
    }

    [Fact]
    public async Task History_is_newest_first_including_deletions_and_pages_with_continuation_tokens()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Delete, "Patient", "p1", 3, 2, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 4, 0, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 5, 4, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "other", 1, 0, Now())), None);

        var pages = new List<HistoryPage>();
        string? token = null;
        do
        {
            var page = await Store.ReadHistoryAsync("Patient", "p1", 2, token, None);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 10);

        pages.Select(p => p.Versions.Count).ShouldBe([2, 2, 1]);
        var versions = pages.SelectMany(p => p.Versions).ToList();
        versions.Select(v => v.VersionId).ShouldBe([5L, 4L, 3L, 2L, 1L]);
        versions.Select(v => v.IsDeleted).ShouldBe([false, false, true, false, false]);
        versions.ShouldAllBe(v => v.ResourceType == "Patient" && v.Id == "p1");
    }

    [Fact]
    public async Task History_page_that_holds_everything_has_no_continuation_token()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, Now())), None);

        var exact = await Store.ReadHistoryAsync("Patient", "p1", 2, null, None);
        exact.Versions.Count.ShouldBe(2);
        exact.ContinuationToken.ShouldBeNull();

        var unknown = await Store.ReadHistoryAsync("Patient", "nobody", 10, null, None);
        unknown.Versions.ShouldBeEmpty();
        unknown.ContinuationToken.ShouldBeNull();
    }

    // ---- optimistic concurrency and atomicity ------------------------------------------------------

    [Fact]
    public async Task Create_if_absent_conflicts_when_the_resource_exists()
    {
        var original = Write(WriteKind.Create, "Patient", "p1", 1, 0, Now(), note: "original");
        await Store.CommitAsync(Batch(original), None);

        var conflict = await Should.ThrowAsync<VersionConflictException>(
            () => Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 2, 0, Now(), note: "intruder")), None));

        conflict.ResourceType.ShouldBe("Patient");
        conflict.Id.ShouldBe("p1");
        conflict.ExpectedVersion.ShouldBe(0);
        conflict.ActualVersion.ShouldBe(1);
        var current = await Store.ReadCurrentAsync("Patient", "p1", None);
        current!.VersionId.ShouldBe(1);
        current.Json.ToArray().ShouldBe(original.Json.ToArray());
    }

    [Fact]
    public async Task Create_if_absent_succeeds_over_a_deleted_resource_and_continues_its_versions()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Delete, "Patient", "p1", 2, 1, Now())), None);

        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 3, 0, Now(), note: "back")), None);

        var current = await Store.ReadCurrentAsync("Patient", "p1", None);
        current!.VersionId.ShouldBe(3);
        current.IsDeleted.ShouldBeFalse();
        Text(current).ShouldContain("back");
    }

    [Fact]
    public async Task If_match_conflicts_when_the_current_version_differs()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, Now())), None);

        var conflict = await Should.ThrowAsync<VersionConflictException>(
            () => Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, expected: 1, Now())), None));

        conflict.ExpectedVersion.ShouldBe(1);
        conflict.ActualVersion.ShouldBe(2);
        (await Store.ReadCurrentAsync("Patient", "p1", None))!.VersionId.ShouldBe(2);
    }

    [Fact]
    public async Task If_match_on_a_resource_that_does_not_exist_conflicts()
    {
        var conflict = await Should.ThrowAsync<VersionConflictException>(
            () => Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "ghost", 2, expected: 1, Now())), None));

        conflict.ActualVersion.ShouldBeNull();
        (await Store.ReadCurrentAsync("Patient", "ghost", None)).ShouldBeNull();
    }

    [Fact]
    public async Task Unconditional_write_must_still_follow_the_current_version()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, null, Now())), None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, null, Now())), None);

        // A second writer that also read version 1 must not produce another version 2.
        await Should.ThrowAsync<VersionConflictException>(
            () => Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, null, Now(), note: "stale")), None));

        var history = await Store.ReadHistoryAsync("Patient", "p1", 10, null, None);
        history.Versions.Select(v => v.VersionId).ShouldBe([2L, 1L]);
        Text(history.Versions[0]).ShouldNotContain("stale");
    }

    [Fact]
    public async Task A_conflict_in_the_last_write_leaves_nothing_of_the_batch_written()
    {
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "existing", 1, 0, Now(), note: "kept")), None);
        var pendingBefore = await Outbox.CountPendingAsync(None);

        var batch = Batch(
            [
                Write(WriteKind.Create, "Patient", "new1", 1, 0, Now(), index: [Identifier("n1")]),
                Write(WriteKind.Update, "Patient", "existing", 2, 1, Now(), note: "changed", index: [Identifier("e1")]),
                Write(WriteKind.Create, "Provenance", "prov1", 1, 0, Now()),
                Write(WriteKind.Create, "Patient", "existing", 3, 0, Now()),
            ],
            Message("Patient/new1", Now()));

        await Should.ThrowAsync<VersionConflictException>(() => Store.CommitAsync(batch, None));

        (await Store.ReadCurrentAsync("Patient", "new1", None)).ShouldBeNull();
        (await Store.ReadCurrentAsync("Provenance", "prov1", None)).ShouldBeNull();
        var existing = await Store.ReadCurrentAsync("Patient", "existing", None);
        existing!.VersionId.ShouldBe(1);
        Text(existing).ShouldContain("kept");
        (await Store.ReadHistoryAsync("Patient", "existing", 10, null, None)).Versions.Count.ShouldBe(1);
        (await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "n1"), 10, null))).ShouldBeEmpty();
        (await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "e1"), 10, null))).ShouldBeEmpty();
        (await Outbox.CountPendingAsync(None)).ShouldBe(pendingBefore);
        (await Outbox.ReadPendingAsync(10, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_batch_of_several_resources_and_messages_is_committed_as_a_whole()
    {
        var message = Message("Patient/p1", Now(), body: """{"event":1}""");
        var batch = Batch(
            [
                Write(WriteKind.Create, "Patient", "p1", 1, 0, Now(), compartment: "Patient/p1"),
                Write(WriteKind.Create, "Observation", "o1", 1, 0, Now(), compartment: "Patient/p1"),
                Write(WriteKind.Create, "Provenance", "prov1", 1, 0, Now()),
            ],
            message);

        await Store.CommitAsync(batch, None);

        (await Store.ReadCurrentAsync("Patient", "p1", None)).ShouldNotBeNull();
        (await Store.ReadCurrentAsync("Observation", "o1", None)).ShouldNotBeNull();
        (await Store.ReadCurrentAsync("Provenance", "prov1", None)).ShouldNotBeNull();
        var pending = await Outbox.ReadPendingAsync(10, None);
        pending.Count.ShouldBe(1);
        pending[0].Message.MessageId.ShouldBe(message.MessageId);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_versions()
    {
        const int writers = 4;
        const int updatesEach = 15;
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "shared", 1, 0, Now())), None);
        var start = Now();

        var tasks = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var conflicts = 0;
            for (var update = 0; update < updatesEach; update++)
            {
                while (true)
                {
                    var current = await Store.ReadCurrentAsync("Patient", "shared", None);
                    var next = current!.VersionId + 1;
                    var own = await Store.ReadCurrentAsync("Observation", $"w{writer}", None);
                    var ownNext = (own?.VersionId ?? 0) + 1;
                    var batch = Batch(
                        [
                            Write(WriteKind.Update, "Patient", "shared", next, current.VersionId, start, note: $"w{writer}u{update}"),
                            Write(WriteKind.Update, "Observation", $"w{writer}", ownNext, own?.VersionId ?? 0, start),
                        ],
                        Message("Patient/shared", start));
                    try
                    {
                        await Store.CommitAsync(batch, None);
                        break;
                    }
                    catch (VersionConflictException)
                    {
                        conflicts++;
                    }
                }
            }

            return conflicts;
        })).ToList();
        await Task.WhenAll(tasks);

        const long expectedVersion = 1 + (writers * updatesEach);
        (await Store.ReadCurrentAsync("Patient", "shared", None))!.VersionId.ShouldBe(expectedVersion);
        var history = await Store.ReadHistoryAsync("Patient", "shared", 1000, null, None);
        history.Versions.Select(v => v.VersionId)
            .ShouldBe(Enumerable.Range(1, (int)expectedVersion).Select(v => (long)v).Reverse());
        for (var writer = 0; writer < writers; writer++)
        {
            (await Store.ReadCurrentAsync("Observation", $"w{writer}", None))!.VersionId.ShouldBe(updatesEach);
        }

        // Exactly one message per successful commit: conflicting attempts left none behind.
        (await Outbox.CountPendingAsync(None)).ShouldBe(writers * updatesEach);
    }

    // ---- outbox ----------------------------------------------------------------------------------

    [Fact]
    public async Task Outbox_messages_are_pending_in_commit_order_with_their_content()
    {
        var first = Message("Patient/a", Now(), """{"n":1}""");
        var second = Message("Patient/b", Now(), """{"n":2}""");
        var third = Message("Patient/a", Now(), """{"n":3}""");
        await Store.CommitAsync(Batch([Write(WriteKind.Create, "Patient", "a", 1, 0, Now())], first), None);
        await Store.CommitAsync(Batch([Write(WriteKind.Create, "Patient", "b", 1, 0, Now())], second, third), None);

        var pending = await Outbox.ReadPendingAsync(10, None);

        pending.Select(p => p.Message.MessageId).ShouldBe([first.MessageId, second.MessageId, third.MessageId]);
        pending.Select(p => p.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        pending.Select(p => p.Sequence).Distinct().Count().ShouldBe(3);
        pending.ShouldAllBe(p => p.Attempts == 0);
        var read = pending[1].Message;
        read.MessageType.ShouldBe(second.MessageType);
        read.OrderingKey.ShouldBe("Patient/b");
        read.CreatedAt.ShouldBe(second.CreatedAt);
        read.Payload.ToArray().ShouldBe(second.Payload.ToArray());
        (await Outbox.CountPendingAsync(None)).ShouldBe(3);
    }

    [Fact]
    public async Task Outbox_only_batches_are_committed()
    {
        var message = Message("Patient/a", Now());
        await Store.CommitAsync(new WriteBatch([], [message]), None);

        (await Outbox.ReadPendingAsync(10, None)).Single().Message.MessageId.ShouldBe(message.MessageId);
    }

    [Fact]
    public async Task Read_pending_returns_at_most_max_oldest_first()
    {
        var messages = Enumerable.Range(0, 5).Select(i => Message($"Patient/{i}", Now())).ToArray();
        foreach (var message in messages)
        {
            await Store.CommitAsync(new WriteBatch([], [message]), None);
        }

        var pending = await Outbox.ReadPendingAsync(3, None);

        pending.Select(p => p.Message.MessageId).ShouldBe(messages.Take(3).Select(m => m.MessageId));
    }

    [Fact]
    public async Task Marking_messages_sent_removes_them_from_pending()
    {
        var messages = Enumerable.Range(0, 4).Select(i => Message($"Patient/{i}", Now())).ToArray();
        await Store.CommitAsync(new WriteBatch([], messages), None);
        var pending = await Outbox.ReadPendingAsync(10, None);

        await Outbox.MarkSentAsync([pending[0].Sequence, pending[2].Sequence], None);

        (await Outbox.CountPendingAsync(None)).ShouldBe(2);
        (await Outbox.ReadPendingAsync(10, None)).Select(p => p.Message.MessageId)
            .ShouldBe([messages[1].MessageId, messages[3].MessageId]);

        // Marking again is harmless: the relay may retry after a crash between publish and mark.
        await Outbox.MarkSentAsync([pending[0].Sequence], None);
        (await Outbox.CountPendingAsync(None)).ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_attempt_is_counted_and_the_message_stays_pending()
    {
        var message = Message("Patient/a", Now());
        await Store.CommitAsync(new WriteBatch([], [message]), None);
        var sequence = (await Outbox.ReadPendingAsync(1, None))[0].Sequence;

        await Outbox.RecordFailedAttemptAsync(sequence, "broker unreachable", None);
        await Outbox.RecordFailedAttemptAsync(sequence, "broker unreachable again", None);

        var pending = await Outbox.ReadPendingAsync(10, None);
        pending.Single().Attempts.ShouldBe(2);
        pending.Single().Sequence.ShouldBe(sequence);
        (await Outbox.CountPendingAsync(None)).ShouldBe(1);
    }

    // ---- search ----------------------------------------------------------------------------------

    [Fact]
    public async Task Token_search_with_a_system_matches_only_that_system()
    {
        await Create("Patient", "a", index: [Identifier("123")]);
        await Create("Patient", "b", index: [Identifier("123", "urn:other")]);
        await Create("Patient", "c", index: [Identifier("456")]);

        var ids = await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", IdentifierSystem, "123"), 10, null));

        ids.ShouldBe(["a"]);
    }

    [Fact]
    public async Task Token_search_without_a_system_matches_any_system()
    {
        await Create("Patient", "a", index: [Identifier("123")]);
        await Create("Patient", "b", index: [Identifier("123", "urn:other")]);
        await Create("Patient", "c", index: [Identifier("123", system: null)]);
        await Create("Patient", "d", index: [Identifier("456")]);

        var ids = await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "123"), 10, null));

        ids.ShouldBe(["a", "b", "c"], ignoreOrder: true);
    }

    [Fact]
    public async Task Token_search_with_an_empty_system_matches_only_values_without_a_system()
    {
        await Create("Patient", "a", index: [Identifier("123")]);
        await Create("Patient", "b", index: [Identifier("123", system: null)]);

        var ids = await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", string.Empty, "123"), 10, null));

        ids.ShouldBe(["b"]);
    }

    [Fact]
    public async Task Token_search_distinguishes_parameters()
    {
        await Create("Observation", "o1", index: [Token("code", "http://loinc.org", "8867-4")]);
        await Create("Observation", "o2", index: [Token("category", "http://loinc.org", "8867-4")]);

        var ids = await SearchAll(new SearchQuery("Observation", new TokenExpression("code", "http://loinc.org", "8867-4"), 10, null));

        ids.ShouldBe(["o1"]);
    }

    [Fact]
    public async Task Search_by_id_matches_any_of_the_ids_of_the_type()
    {
        await Create("Patient", "a");
        await Create("Patient", "b");
        await Create("Patient", "c");
        await Create("Observation", "a");

        var ids = await SearchAll(new SearchQuery("Patient", new IdExpression(["a", "c", "zzz"]), 10, null));
        var none = await SearchAll(new SearchQuery("Patient", new IdExpression([]), 10, null));

        ids.ShouldBe(["a", "c"], ignoreOrder: true);
        none.ShouldBeEmpty();
    }

    [Fact]
    public async Task Type_level_search_without_criteria_returns_only_that_type()
    {
        await Create("Patient", "a");
        await Create("Observation", "o");
        await Create("Patient", "b");

        var ids = await SearchAll(new SearchQuery("Patient", null, 10, null));

        ids.ShouldBe(["a", "b"], ignoreOrder: true);
    }

    [Fact]
    public async Task Compartment_search_spans_types_unless_a_type_is_given()
    {
        await Create("Patient", "p1", compartment: "Patient/p1");
        await Create("Observation", "o1", compartment: "Patient/p1");
        await Create("Encounter", "e1", compartment: "Patient/p1");
        await Create("Observation", "o2", compartment: "Patient/p2");
        await Create("Organization", "org");

        var everything = await SearchAllVersions(new SearchQuery(null, new CompartmentExpression("Patient/p1"), 10, null));
        var observations = await SearchAll(new SearchQuery("Observation", new CompartmentExpression("Patient/p1"), 10, null));

        everything.Select(r => $"{r.ResourceType}/{r.Id}").ShouldBe(["Patient/p1", "Observation/o1", "Encounter/e1"], ignoreOrder: true);
        observations.ShouldBe(["o1"]);
    }

    [Fact]
    public async Task And_requires_every_operand_and_or_accepts_any()
    {
        await Create("Observation", "o1", index: [Token("code", "http://loinc.org", "1"), Token("status", null, "final")]);
        await Create("Observation", "o2", index: [Token("code", "http://loinc.org", "1"), Token("status", null, "preliminary")]);
        await Create("Observation", "o3", index: [Token("code", "http://loinc.org", "2"), Token("status", null, "final")]);
        await Create("Observation", "o4", index: [Token("code", "http://loinc.org", "3"), Token("status", null, "final")]);

        var code1 = new TokenExpression("code", "http://loinc.org", "1");
        var code2 = new TokenExpression("code", "http://loinc.org", "2");
        var final = new TokenExpression("status", null, "final");

        (await SearchAll(new SearchQuery("Observation", new AndExpression([code1, final]), 10, null)))
            .ShouldBe(["o1"]);
        (await SearchAll(new SearchQuery("Observation", new OrExpression([code1, code2]), 10, null)))
            .ShouldBe(["o1", "o2", "o3"], ignoreOrder: true);
        (await SearchAll(new SearchQuery("Observation", new AndExpression([new OrExpression([code1, code2]), final]), 10, null)))
            .ShouldBe(["o1", "o3"], ignoreOrder: true);
        (await SearchAll(new SearchQuery("Observation", new OrExpression([new AndExpression([code1, final]), new IdExpression(["o4"])]), 10, null)))
            .ShouldBe(["o1", "o4"], ignoreOrder: true);
    }

    [Fact]
    public async Task String_prefix_and_exact_value_searches()
    {
        await Create("Patient", "a", index: [Str("family", "smith")]);
        await Create("Patient", "b", index: [Str("family", "smithers")]);
        await Create("Patient", "c", index: [Str("family", "smyth")]);
        await Create("Patient", "d", index: [Str("family", "smit")]);
        await Create("Patient", "e", index: [Str("given", "smith")]);
        await Create("Observation", "o", index: [Reference("subject", "Patient/a")]);
        await Create("Observation", "o2", index: [Reference("subject", "Patient/b")]);

        (await SearchAll(new SearchQuery("Patient", new StringPrefixExpression("family", "smit"), 10, null)))
            .ShouldBe(["a", "b", "d"], ignoreOrder: true);
        (await SearchAll(new SearchQuery("Patient", new StringPrefixExpression("family", "smith"), 10, null)))
            .ShouldBe(["a", "b"], ignoreOrder: true);
        (await SearchAll(new SearchQuery("Patient", new ValueExpression("family", SearchParamKind.String, "smith"), 10, null)))
            .ShouldBe(["a"]);
        (await SearchAll(new SearchQuery("Observation", new ValueExpression("subject", SearchParamKind.Reference, "Patient/a"), 10, null)))
            .ShouldBe(["o"]);
    }

    [Fact]
    public async Task Paging_returns_every_match_exactly_once_across_pages()
    {
        var expected = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var id = $"p{i:00}";
            expected.Add(id);
            await Create("Patient", id, index: [Token("gender", null, "female")]);
        }

        await Create("Patient", "male", index: [Token("gender", null, "male")]);

        var pageSizes = new List<int>();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.SearchAsync(new SearchQuery("Patient", new TokenExpression("gender", null, "female"), 10, token), None);
            pageSizes.Add(page.Resources.Count);
            seen.AddRange(page.Resources.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null && pageSizes.Count < 10);

        pageSizes.ShouldBe([10, 10, 5]);
        seen.ShouldBe(expected, ignoreOrder: true);
        seen.Distinct().Count().ShouldBe(25);
    }

    [Fact]
    public async Task Paging_order_is_stable_while_matches_are_updated()
    {
        for (var i = 0; i < 6; i++)
        {
            await Create("Patient", $"p{i}", index: [Token("active", null, "true")]);
        }

        var query = new SearchQuery("Patient", new TokenExpression("active", null, "true"), 3, null);
        var first = await Store.SearchAsync(query, None);

        // Updating a resource already seen must not bring it back on the next page.
        var seenId = first.Resources[0].Id;
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", seenId, 2, 1, Now(), index: [Token("active", null, "true")])), None);
        var second = await Store.SearchAsync(query with { ContinuationToken = first.ContinuationToken }, None);

        first.Resources.Concat(second.Resources).Select(r => r.Id).ShouldBe(Enumerable.Range(0, 6).Select(i => $"p{i}"), ignoreOrder: true);
        second.ContinuationToken.ShouldBeNull();
    }

    [Fact]
    public async Task Search_returns_the_current_version()
    {
        await Create("Patient", "a", index: [Identifier("1")]);
        var update = Write(WriteKind.Update, "Patient", "a", 2, 1, Now(), index: [Identifier("1")], note: "newer");
        await Store.CommitAsync(Batch(update), None);

        var found = (await SearchAllVersions(new SearchQuery("Patient", new TokenExpression("identifier", null, "1"), 10, null))).Single();

        found.VersionId.ShouldBe(2);
        found.IsDeleted.ShouldBeFalse();
        found.LastUpdated.ShouldBe(update.LastUpdated);
        found.Json.ToArray().ShouldBe(update.Json.ToArray());
    }

    [Fact]
    public async Task Deleted_resources_are_not_found_by_search()
    {
        await Create("Patient", "a", compartment: "Patient/a", index: [Identifier("1")]);
        await Create("Patient", "b", compartment: "Patient/b", index: [Identifier("1")]);

        // The deletion carries the old index on purpose: a store must exclude deleted resources itself.
        await Store.CommitAsync(Batch(Write(WriteKind.Delete, "Patient", "a", 2, 1, Now(), compartment: "Patient/a", index: [Identifier("1")])), None);

        (await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "1"), 10, null))).ShouldBe(["b"]);
        (await SearchAll(new SearchQuery("Patient", new IdExpression(["a", "b"]), 10, null))).ShouldBe(["b"]);
        (await SearchAll(new SearchQuery(null, new CompartmentExpression("Patient/a"), 10, null))).ShouldBeEmpty();
        (await SearchAll(new SearchQuery("Patient", null, 10, null))).ShouldBe(["b"]);
    }

    [Fact]
    public async Task Index_entries_are_replaced_on_update()
    {
        await Create("Patient", "a", compartment: "Patient/a", index: [Identifier("old"), Str("family", "jones")]);

        await Store.CommitAsync(
            Batch(Write(WriteKind.Update, "Patient", "a", 2, 1, Now(), compartment: "Patient/a2", index: [Identifier("new")])),
            None);

        (await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "old"), 10, null))).ShouldBeEmpty();
        (await SearchAll(new SearchQuery("Patient", new StringPrefixExpression("family", "jo"), 10, null))).ShouldBeEmpty();
        (await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "new"), 10, null))).ShouldBe(["a"]);
        (await SearchAll(new SearchQuery(null, new CompartmentExpression("Patient/a"), 10, null))).ShouldBeEmpty();
        (await SearchAll(new SearchQuery(null, new CompartmentExpression("Patient/a2"), 10, null))).ShouldBe(["a"]);
    }

    [Fact]
    public async Task Search_values_are_data_not_query_text()
    {
        await Create("Patient", "a", index: [Identifier("1")]);
        await Create("Patient", "b", index: [Identifier("' OR 1=1 --")]);

        (await SearchAll(new SearchQuery("Patient", new TokenExpression("identifier", null, "' OR 1=1 --"), 10, null))).ShouldBe(["b"]);
        (await SearchAll(new SearchQuery("Patient", new IdExpression(["a' OR '1'='1"]), 10, null))).ShouldBeEmpty();
        (await SearchAll(new SearchQuery("Patient", new StringPrefixExpression("family", "%"), 10, null))).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_continuation_token_that_the_store_did_not_issue_is_a_bad_request()
    {
        await Create("Patient", "a");

        var search = await Should.ThrowAsync<FhirException>(
            () => Store.SearchAsync(new SearchQuery("Patient", null, 10, "not-a-token"), None));
        var history = await Should.ThrowAsync<FhirException>(
            () => Store.ReadHistoryAsync("Patient", "a", 10, "not-a-token", None));

        search.StatusCode.ShouldBe(400);
        history.StatusCode.ShouldBe(400);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /// <summary>A distinct, increasing timestamp per call so tests can tell versions apart by time.</summary>
    protected DateTimeOffset Now()
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return Clock.GetUtcNow();
    }

    protected Task Create(string type, string id, string? compartment = null, IReadOnlyList<SearchIndexEntry>? index = null) =>
        Store.CommitAsync(Batch(Write(WriteKind.Create, type, id, 1, 0, Now(), compartment, index)), None);

    protected async Task<List<ResourceVersion>> SearchAllVersions(SearchQuery query)
    {
        var found = new List<ResourceVersion>();
        var token = query.ContinuationToken;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Store.SearchAsync(query with { ContinuationToken = token }, None);
            found.AddRange(page.Resources);
            token = page.ContinuationToken;
            if (token is null)
            {
                return found;
            }
        }

        throw new InvalidOperationException("Search kept returning continuation tokens.");
    }

    protected async Task<List<string>> SearchAll(SearchQuery query) =>
        (await SearchAllVersions(query)).Select(r => r.Id).ToList();

    protected static string Text(ResourceVersion version) => Encoding.UTF8.GetString(version.Json.Span);
}
