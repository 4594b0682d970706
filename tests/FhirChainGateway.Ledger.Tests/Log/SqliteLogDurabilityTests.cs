using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.Storage.Sqlite.Ledger;
using FhirChainGateway.TestSupport;
using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Ledger.Tests.Log;

public sealed class SqliteLogDurabilityTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _directory = new();
    private readonly CheckpointSigner _signer = CheckpointSigner.Generate(LogFixtures.Origin);

    private SqliteLogStorageOptions Options => new() { DatabasePath = _directory.File("nested/ledger.db") };

    [Fact]
    public async Task Everything_survives_closing_and_reopening_the_file()
    {
        var entries = LogFixtures.Entries(700, seed: 31);
        StoredCheckpoint published;
        TreeHead integrated;
        await using (var storage = await SqliteLogStorage.OpenAsync(Options, None))
        {
            using var log = LogFixtures.CreateLog(storage, _signer);
            await log.SequenceAsync(entries[..600], None);
            integrated = await log.IntegrateAsync(None);
            published = await log.PublishCheckpointAsync(None);
            await log.SequenceAsync(entries[600..], None); // sequenced, not yet integrated
        }

        await using (var reopened = await SqliteLogStorage.OpenAsync(Options, None))
        {
            using var log = LogFixtures.CreateLog(reopened, _signer);

            (await log.GetTreeHeadAsync(None)).ShouldBe(integrated with { }, "tree state");
            (await log.GetTreeHeadAsync(None)).RootHash.ShouldBe(integrated.RootHash);
            (await log.GetCheckpointAsync(None)).ShouldNotBeNull().SignedNote.ShouldBe(published.SignedNote);
            (await log.GetCheckpointAsync(None))!.PublishedAt.ShouldBe(published.PublishedAt);
            (await reopened.ReadSequencedSizeAsync(None)).ShouldBe(700UL);

            var redelivered = await log.SequenceAsync([entries[10], entries[650]], None);
            redelivered.Select(r => (r.Index, r.WasAlreadySequenced)).ShouldBe([(10UL, true), (650UL, true)]);

            var head = await log.IntegrateAsync(None);
            var stored = await log.GetEntriesAsync(0, 1_000, None);
            head.TreeSize.ShouldBe(700UL);
            head.RootHash.ShouldBe(ReferenceMerkle.Root([.. stored.Select(e => ReferenceMerkle.LeafHash(e.Data))], 700));

            var next = await log.PublishCheckpointAsync(None);
            var proof = await log.GetConsistencyProofAsync(published.TreeSize, next.TreeSize, None);
            ProofVerifier.VerifyConsistency(proof, published.RootHash, next.RootHash).IsValid.ShouldBeTrue();
            new CheckpointVerifier([_signer.PublicKey]).Verify(next.SignedNote, LogFixtures.Origin).IsValid.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Consent_chains_and_the_key_history_survive_reopening_the_file()
    {
        var alice = LogFixtures.Patient("alice");
        var first = LogFixtures.Consent(alice, "a", 1);
        var second = LogFixtures.Consent(alice, "a", 2);
        await using (var storage = await SqliteLogStorage.OpenAsync(Options, None))
        {
            using var log = LogFixtures.CreateLog(storage, _signer);
            await log.SequenceAsync([first, .. LogFixtures.Entries(3, seed: 33)], None);
            await log.IntegrateAsync(None);
            await log.PublishCheckpointAsync(None);
        }

        await using (var reopened = await SqliteLogStorage.OpenAsync(Options, None))
        {
            using var log = LogFixtures.CreateLog(reopened, _signer);
            var placed = await log.SequenceAsync([second], None);

            placed.Single().Index.ShouldBe(4UL);
            LeafEnvelope.Parse((await log.GetEntryByEventIdAsync(second.EventId, None))!.Data).PreviousConsentLeaf.ShouldBe(0UL);
            (await log.Reader.GetConsentChainHeadAsync(alice, None)).ShouldBe(4UL);
            (await log.Reader.GetKeyHistoryAsync(None)).ShouldBe([CheckpointKeyRecord.For(_signer.PublicKey, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))]);
        }
    }

    [Fact]
    public async Task Leaf_hashes_are_found_in_every_segment_of_the_index()
    {
        const int Segment = 1 << 16;
        var entries = LogFixtures.Entries(Segment + 300, seed: 34);
        await using var storage = await SqliteLogStorage.OpenAsync(Options, None);
        using var log = LogFixtures.CreateLog(storage, _signer);
        foreach (var chunk in entries.Chunk(20_000))
        {
            await log.SequenceAsync(chunk, None);
            await log.IntegrateAsync(None);
        }

        foreach (var index in new[] { 0, 1, Segment - 1, Segment, Segment + 299 })
        {
            (await storage.FindLeafIndexAsync(Rfc6962Hasher.HashLeaf(entries[index].Data.Span), None)).ShouldBe((ulong)index, $"leaf {index}");
        }

        (await storage.FindLeafIndexAsync(Rfc6962Hasher.HashLeaf("never logged"u8), None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_leaf_index_of_the_first_schema_is_migrated_on_open()
    {
        var entries = LogFixtures.Entries(50, seed: 35);
        await using (var storage = await SqliteLogStorage.OpenAsync(Options, None))
        {
            using var log = LogFixtures.CreateLog(storage, _signer);
            await log.SequenceAsync(entries, None);
            await log.IntegrateAsync(None);
        }

        // Rewind the file to the first schema: the index in log_leaf_index, keyed by hash alone.
        await using (var raw = new SqliteConnection($"Data Source={Path.GetFullPath(Options.DatabasePath)};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var rewind = raw.CreateCommand();
            rewind.CommandText = """
                CREATE TABLE log_leaf_index (leaf_key INTEGER NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (leaf_key, idx)) WITHOUT ROWID;
                INSERT INTO log_leaf_index SELECT leaf_key, idx FROM log_leaf_segments;
                DELETE FROM log_leaf_segments;
                """;
            await rewind.ExecuteNonQueryAsync();
        }

        await using (var reopened = await SqliteLogStorage.OpenAsync(Options, None))
        {
            (await reopened.FindLeafIndexAsync(Rfc6962Hasher.HashLeaf(entries[42].Data.Span), None)).ShouldBe(42UL);
        }

        await using var check = new SqliteConnection($"Data Source={Path.GetFullPath(Options.DatabasePath)};Mode=ReadOnly;Pooling=False");
        await check.OpenAsync();
        await using var tables = check.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'log_leaf_index'";
        ((long)(await tables.ExecuteScalarAsync())!).ShouldBe(0L);
    }

    [Fact]
    public async Task The_database_uses_the_write_ahead_log()
    {
        await using (await SqliteLogStorage.OpenAsync(Options, None))
        {
            await using var probe = new SqliteConnection($"Data Source={Path.GetFullPath(Options.DatabasePath)};Mode=ReadOnly;Pooling=False");
            await probe.OpenAsync();
            await using var command = probe.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";

            ((string)(await command.ExecuteScalarAsync())!).ShouldBe("wal");
        }
    }

    [Fact]
    public async Task Event_ids_are_unique_in_the_schema_itself()
    {
        await using (var storage = await SqliteLogStorage.OpenAsync(Options, None))
        {
            using var log = LogFixtures.CreateLog(storage, _signer);
            await log.SequenceAsync(LogFixtures.Entries(1, seed: 32), None);
        }

        await using var raw = new SqliteConnection($"Data Source={Path.GetFullPath(Options.DatabasePath)};Pooling=False");
        await raw.OpenAsync();
        await using var duplicate = raw.CreateCommand();
        duplicate.CommandText = "INSERT INTO log_entries (idx, event_id, kind, data, leaf_hash, leaf_key) SELECT idx + 1, event_id, kind, data, leaf_hash, leaf_key FROM log_entries";

        Should.Throw<SqliteException>(() => duplicate.ExecuteNonQuery()).SqliteErrorCode.ShouldBe(19); // SQLITE_CONSTRAINT
    }

    public void Dispose()
    {
        _signer.Dispose();
        _directory.Dispose();
    }
}
