using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.Ledger.Tiles;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Ledger.Tests.Log;

/// <summary>Behaviour every <see cref="ILogStorage"/> must give <see cref="TransparencyLog"/>; run once per backend.</summary>
public abstract class TransparencyLogContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ILogStorage? _storage;

    protected CheckpointSigner Signer { get; } = CheckpointSigner.Generate(LogFixtures.Origin);

    protected ILogStorage Storage => _storage ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    public virtual Task DisposeAsync()
    {
        Signer.Dispose();
        (_storage as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected abstract Task<ILogStorage> CreateStorageAsync();

    [Fact]
    public async Task Sequencing_the_same_event_twice_makes_one_leaf()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var entry = LogFixtures.Entries(1, seed: 1)[0];

        var first = await log.SequenceAsync([entry], None);
        var again = await log.SequenceAsync([entry with { Data = new byte[] { 1, 2, 3 } }], None);
        var head = await log.IntegrateAsync(None);

        first.Single().ShouldBe(new SequencedEntry(entry.EventId, 0, WasAlreadySequenced: false));
        again.Single().ShouldBe(new SequencedEntry(entry.EventId, 0, WasAlreadySequenced: true));
        head.TreeSize.ShouldBe(1UL);
        (await log.GetEntriesAsync(0, 10, None)).Single().Data.ShouldBe(entry.Data.ToArray(), "the first write wins");
    }

    [Fact]
    public async Task A_batch_gets_consecutive_indexes_in_input_order_and_duplicates_within_it_collapse()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var entries = LogFixtures.Entries(4, seed: 2);
        await log.SequenceAsync([entries[0]], None);

        var results = await log.SequenceAsync([entries[1], entries[2], entries[1], entries[0], entries[3]], None);

        results.Select(r => r.Index).ShouldBe([1UL, 2UL, 1UL, 0UL, 3UL]);
        results.Select(r => r.WasAlreadySequenced).ShouldBe([false, false, true, true, false]);
        results.Select(r => r.EventId).ShouldBe([entries[1].EventId, entries[2].EventId, entries[1].EventId, entries[0].EventId, entries[3].EventId]);
        (await Storage.ReadSequencedSizeAsync(None)).ShouldBe(4UL);
    }

    [Fact]
    public async Task Root_equals_a_recomputation_from_the_stored_leaves()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer, maxLeavesPerIntegration: 97);
        var entries = LogFixtures.Entries(1_000, seed: 3);
        foreach (var chunk in entries.Chunk(137))
        {
            await log.SequenceAsync(chunk, None);
            await log.IntegrateAsync(None);
        }

        var head = await log.GetTreeHeadAsync(None);
        var stored = await log.GetEntriesAsync(0, 2_000, None);
        var recomputed = stored.Select(e => ReferenceMerkle.LeafHash(e.Data)).ToList();

        stored.Count.ShouldBe(1_000);
        stored.Select(e => e.Index).ShouldBe(Enumerable.Range(0, 1_000).Select(i => (ulong)i));
        stored.Select(e => e.EventId).ShouldBe(entries.Select(e => e.EventId));
        stored.Select(e => e.Kind).ShouldBe(entries.Select(e => e.Kind));
        stored.Select(e => e.LeafHash).ShouldBe(recomputed);
        head.RootHash.ShouldBe(ReferenceMerkle.Root(recomputed, 1_000));
    }

    [Fact]
    public async Task Entries_and_proofs_are_served_only_up_to_the_integrated_size()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        await log.SequenceAsync(LogFixtures.Entries(5, seed: 4), None);
        await log.IntegrateAsync(None);
        await log.SequenceAsync(LogFixtures.Entries(3, seed: 5), None);

        (await log.GetEntriesAsync(0, 100, None)).Count.ShouldBe(5);
        (await log.GetEntriesAsync(5, 100, None)).ShouldBeEmpty();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => log.GetInclusionProofAsync(0, 6, None));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => log.GetInclusionProofAsync(5, 5, None));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => log.GetConsistencyProofAsync(2, 8, None));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => log.GetConsistencyProofAsync(0, 5, None));

        (await log.IntegrateAsync(None)).TreeSize.ShouldBe(8UL);
        (await log.GetEntriesAsync(5, 100, None)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Published_checkpoints_verify_and_successive_ones_are_provably_consistent()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var verifier = new CheckpointVerifier([Signer.PublicKey]);
        await log.SequenceAsync(LogFixtures.Entries(300, seed: 6), None);
        await log.IntegrateAsync(None);

        var first = await log.PublishCheckpointAsync(None);
        var unchanged = await log.PublishCheckpointAsync(None);
        await log.SequenceAsync(LogFixtures.Entries(700, seed: 7), None);
        var head = await log.IntegrateAsync(None);
        var second = await log.PublishCheckpointAsync(None);

        var firstResult = verifier.Verify(first.SignedNote, LogFixtures.Origin);
        var secondResult = verifier.Verify(second.SignedNote, LogFixtures.Origin);
        firstResult.IsValid.ShouldBeTrue(firstResult.Message);
        secondResult.IsValid.ShouldBeTrue(secondResult.Message);
        firstResult.Checkpoint!.TreeSize.ShouldBe(300UL);
        unchanged.ShouldBe(first);
        secondResult.Checkpoint!.TreeSize.ShouldBe(1_000UL);
        secondResult.Checkpoint.RootHash.ShouldBe(head.RootHash);
        second.PublishedAt.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "the injected clock stamps publication");

        var consistency = await log.GetConsistencyProofAsync(300, 1_000, None);
        ProofVerifier.VerifyConsistency(consistency, firstResult.Checkpoint.RootHash, secondResult.Checkpoint.RootHash).IsValid.ShouldBeTrue();

        (await log.GetCheckpointAsync(None))!.TreeSize.ShouldBe(1_000UL);
        (await log.Reader.GetCheckpointHistoryAsync(null, 10, None)).Select(c => c.TreeSize).ShouldBe([1_000UL, 300UL]);
        (await log.Reader.GetCheckpointHistoryAsync(1_000, 10, None)).Select(c => c.TreeSize).ShouldBe([300UL]);
    }

    [Fact]
    public async Task An_inclusion_proof_ties_an_entry_to_a_signed_checkpoint()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var entries = LogFixtures.Entries(513, seed: 8);
        await log.SequenceAsync(entries, None);
        await log.IntegrateAsync(None);
        var checkpoint = new CheckpointVerifier([Signer.PublicKey])
            .Verify((await log.PublishCheckpointAsync(None)).SignedNote, LogFixtures.Origin).Checkpoint!;

        foreach (var index in new[] { 0, 255, 256, 511, 512 })
        {
            var leafHash = Rfc6962Hasher.HashLeaf(entries[index].Data.Span);
            var proof = await log.GetInclusionProofByLeafHashAsync(leafHash, checkpoint.TreeSize, None);

            proof.ShouldNotBeNull();
            proof.LeafIndex.ShouldBe((ulong)index);
            ProofVerifier.VerifyInclusion(proof, leafHash, checkpoint.RootHash).IsValid.ShouldBeTrue($"leaf {index}");
        }

        (await log.GetInclusionProofByLeafHashAsync(Rfc6962Hasher.HashLeaf("never logged"u8), checkpoint.TreeSize, None)).ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_sequencing_and_integration_lose_nothing_and_duplicate_nothing()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer, maxLeavesPerIntegration: 50);
        var entries = LogFixtures.Entries(800, seed: 9);

        // Eight producers, each redelivering part of another's batch, racing with integrations.
        var producers = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            var mine = entries.Skip(p * 100).Take(100).ToList();
            var redelivered = entries.Skip(((p + 1) % 8) * 100).Take(10);
            foreach (var chunk in mine.Concat(redelivered).Chunk(7))
            {
                await log.SequenceAsync(chunk, None);
            }
        }));
        var integrations = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await log.IntegrateAsync(None);
            }
        }));
        await Task.WhenAll(producers.Concat(integrations));
        var head = await log.IntegrateAsync(None);

        var stored = await log.GetEntriesAsync(0, 1_000, None);
        head.TreeSize.ShouldBe(800UL);
        stored.Select(e => e.EventId).Distinct().Count().ShouldBe(800);
        stored.Select(e => e.EventId).ToHashSet().SetEquals(entries.Select(e => e.EventId)).ShouldBeTrue();
        head.RootHash.ShouldBe(ReferenceMerkle.Root([.. stored.Select(e => ReferenceMerkle.LeafHash(e.Data))], 800));
    }

    [Fact]
    public async Task Proofs_stay_correct_as_cached_partial_tiles_grow()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var entries = LogFixtures.Entries(1_000, seed: 11);
        var leaves = entries.Select(e => ReferenceMerkle.LeafHash(e.Data.ToArray())).ToList();
        await log.SequenceAsync(entries[..300], None);
        await log.IntegrateAsync(None);

        // Caches the partial right-edge tiles as they are at 300 leaves...
        (await log.GetInclusionProofAsync(299, 300, None)).Hashes.ShouldBe(ReferenceMerkle.Path(leaves, 299, 0, 300));
        await log.SequenceAsync(entries[300..], None);
        await log.IntegrateAsync(None);

        // ...which lack the nodes a proof at 1,000 leaves needs: the wider versions must be fetched.
        foreach (var index in new[] { 299, 300, 511, 767, 999 })
        {
            (await log.GetInclusionProofAsync((ulong)index, 1_000, None)).Hashes.ShouldBe(ReferenceMerkle.Path(leaves, index, 0, 1_000), $"leaf {index}");
        }

        (await log.GetConsistencyProofAsync(300, 1_000, None)).Hashes.ShouldBe(ReferenceMerkle.Consistency(leaves, 300, 1_000));
        (await log.Reader.GetRootHashAsync(300, None)).ShouldBe(ReferenceMerkle.Root(leaves, 300));
    }

    [Fact]
    public async Task The_publisher_refuses_to_sign_a_tree_that_does_not_extend_the_last_checkpoint()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        await log.SequenceAsync(LogFixtures.Entries(10, seed: 12), None);
        await log.IntegrateAsync(None);
        await log.PublishCheckpointAsync(None);
        await log.SequenceAsync(LogFixtures.Entries(1, seed: 13), None);
        var head = await log.IntegrateAsync(None);

        // Storage damage: the state claims a root that the stored tiles do not lead to.
        var state = await Storage.ReadTreeStateAsync(None);
        var forged = state with { RootHash = Rfc6962Hasher.HashLeaf("forged"u8) };
        await Storage.CommitIntegrationAsync(head.TreeSize, forged, [], None);

        await Should.ThrowAsync<InvalidOperationException>(() => log.PublishCheckpointAsync(None));
        (await log.GetCheckpointAsync(None))!.TreeSize.ShouldBe(10UL);
    }

    [Fact]
    public async Task The_integrator_refuses_to_build_on_a_state_whose_border_and_root_disagree()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        await log.SequenceAsync(LogFixtures.Entries(5, seed: 14), None);
        var head = await log.IntegrateAsync(None);
        var state = await Storage.ReadTreeStateAsync(None);
        await Storage.CommitIntegrationAsync(head.TreeSize, state with { RootHash = Rfc6962Hasher.HashLeaf("forged"u8) }, [], None);
        await log.SequenceAsync(LogFixtures.Entries(1, seed: 15), None);

        await Should.ThrowAsync<InvalidOperationException>(() => log.IntegrateAsync(None));
    }

    [Fact]
    public async Task Integration_on_a_stale_size_is_refused_and_writes_nothing()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        await log.SequenceAsync(LogFixtures.Entries(3, seed: 10), None);
        var head = await log.IntegrateAsync(None);
        var stale = new TreeState(1, new byte[32], new byte[32]);

        await Should.ThrowAsync<LogStorageConflictException>(
            () => Storage.CommitIntegrationAsync(0, stale, [new TileData(new TileId(0, 0), new byte[32])], None));

        (await Storage.ReadTreeStateAsync(None)).RootHash.ShouldBe(head.RootHash);
        (await Storage.ReadTilesAsync([new TileId(0, 0)], None)).Single().Width.ShouldBe(3);
    }

    [Fact]
    public async Task Storage_never_replaces_a_tile_with_a_narrower_version()
    {
        var wide = new TileData(new TileId(0, 7), Enumerable.Range(0, 5 * 32).Select(i => (byte)i).ToArray());
        var narrow = new TileData(new TileId(0, 7), new byte[2 * 32]);
        await Storage.CommitIntegrationAsync(0, new TreeState(1, new byte[32], new byte[32]), [wide], None);

        await Storage.CommitIntegrationAsync(1, new TreeState(2, new byte[32], new byte[32]), [narrow], None);

        (await Storage.ReadTilesAsync([new TileId(0, 7), new TileId(3, 3)], None)).Single().Hashes.ShouldBe(wide.Hashes);
    }

    [Fact]
    public async Task A_checkpoint_is_stored_once_per_tree_size()
    {
        var first = new StoredCheckpoint(5, new byte[32], "note one\n", DateTimeOffset.UnixEpoch);
        var second = first with { SignedNote = "note two\n" };

        (await Storage.StoreCheckpointAsync(first, None)).ShouldBeTrue();
        (await Storage.StoreCheckpointAsync(second, None)).ShouldBeFalse();

        (await Storage.ReadLatestCheckpointAsync(None))!.SignedNote.ShouldBe("note one\n");
    }

    [Fact]
    public async Task Consent_leaves_link_to_the_previous_consent_leaf_of_the_same_patient()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        string alice = LogFixtures.Patient("alice"), bob = LogFixtures.Patient("bob");
        var a1 = LogFixtures.Consent(alice, "a", 1);
        var b1 = LogFixtures.Consent(bob, "b", 1);
        var a2 = LogFixtures.Consent(alice, "a", 2);
        var a3 = LogFixtures.Consent(alice, "a", 3);
        var b2 = LogFixtures.Consent(bob, "b", 2);
        var provenance = LogFixtures.Entries(2, seed: 40);

        // Links within one batch (a1 → a2) and across batches through the stored head (a2 → a3, b1 → b2).
        var first = await log.SequenceAsync([a1, provenance[0], b1, a2], None);
        var second = await log.SequenceAsync([provenance[1], a3, b2], None);

        first.Select(r => r.Index).ShouldBe([0UL, 1UL, 2UL, 3UL]);
        second.Select(r => r.Index).ShouldBe([4UL, 5UL, 6UL]);
        var expected = new (LogEntry Entry, ulong Index, ulong? Previous)[] { (a1, 0, null), (b1, 2, null), (a2, 3, 0), (a3, 5, 3), (b2, 6, 2) };
        foreach (var (entry, index, previous) in expected)
        {
            var stored = (await Storage.FindEntryByEventIdAsync(entry.EventId, None)).ShouldNotBeNull();
            var sent = LeafEnvelope.Parse(entry.Data.Span);
            stored.Index.ShouldBe(index);
            stored.Data.ShouldBe(sent.AfterConsentLeaf(previous).ToBytes(), $"entry {index} links to {previous}");
            stored.LeafHash.ShouldBe(ReferenceMerkle.LeafHash(stored.Data));
            LeafEnvelope.Parse(stored.Data).PreviousConsentLeaf.ShouldBe(previous);
        }

        (await log.Reader.GetConsentChainHeadAsync(alice, None)).ShouldBe(5UL);
        (await log.Reader.GetConsentChainHeadAsync(bob, None)).ShouldBe(6UL);
        (await log.Reader.GetConsentChainHeadAsync(LogFixtures.Patient("carol"), None)).ShouldBeNull();
        (await Storage.FindEntryByEventIdAsync(provenance[1].EventId, None))!.Data.ShouldBe(provenance[1].Data.ToArray(), "other kinds are stored as sent");

        var head = await log.IntegrateAsync(None);
        var leaves = (await log.GetEntriesAsync(0, 10, None)).Select(e => ReferenceMerkle.LeafHash(e.Data)).ToList();
        head.RootHash.ShouldBe(ReferenceMerkle.Root(leaves, 7), "the tree holds the linked leaves");
    }

    [Fact]
    public async Task A_redelivered_consent_keeps_its_index_and_leaf_and_moves_no_chain_head()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var alice = LogFixtures.Patient("alice");
        var a1 = LogFixtures.Consent(alice, "a", 1);
        var a2 = LogFixtures.Consent(alice, "a", 2);
        var a3 = LogFixtures.Consent(alice, "a", 3);
        await log.SequenceAsync([a1, a2], None);
        var storedA1 = await Storage.FindEntryByEventIdAsync(a1.EventId, None);

        var again = await log.SequenceAsync([a1], None);
        (await log.Reader.GetConsentChainHeadAsync(alice, None)).ShouldBe(1UL);

        // A redelivery inside a batch that also extends the chain: only the new one links, and only once.
        var mixed = await log.SequenceAsync([a3, a1, a3], None);

        again.Single().ShouldBe(new SequencedEntry(a1.EventId, 0, WasAlreadySequenced: true));
        mixed.Select(r => (r.Index, r.WasAlreadySequenced)).ShouldBe([(2UL, false), (0UL, true), (2UL, true)]);
        (await Storage.FindEntryByEventIdAsync(a1.EventId, None)).ShouldBe(storedA1);
        LeafEnvelope.Parse((await Storage.FindEntryByEventIdAsync(a3.EventId, None))!.Data).PreviousConsentLeaf.ShouldBe(1UL);
        (await log.Reader.GetConsentChainHeadAsync(alice, None)).ShouldBe(2UL);
        (await Storage.ReadSequencedSizeAsync(None)).ShouldBe(3UL);
    }

    [Fact]
    public async Task An_unchainable_consent_entry_fails_its_whole_batch_and_writes_nothing()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var alice = LogFixtures.Patient("alice");
        await log.SequenceAsync([LogFixtures.Consent(alice, "a", 1)], None);
        var orphan = LogFixtures.Consent(patient: null, "x", 1);

        var failure = await Should.ThrowAsync<InvalidLogEntryException>(
            () => log.SequenceAsync([LogFixtures.Entries(1, seed: 41)[0], LogFixtures.Consent(alice, "a", 2), orphan], None));

        failure.EventId.ShouldBe(orphan.EventId);
        (await Storage.ReadSequencedSizeAsync(None)).ShouldBe(1UL);
        (await log.Reader.GetConsentChainHeadAsync(alice, None)).ShouldBe(0UL);
    }

    [Fact]
    public async Task A_batch_whose_link_fails_midway_leaves_entries_and_chain_heads_untouched()
    {
        var chain = LogFixtures.Patient("alice");
        EntryToSequence Chained(byte marker, bool failWhenLinked) => EntryToSequence.Chained(
            Guid.CreateVersion7(),
            "Consent",
            chain,
            previous => previous is null || !failWhenLinked ? [marker, (byte)(previous ?? 255)] : throw new InvalidOperationException("link refused"));
        await Storage.SequenceAsync([Chained(1, false)], None);

        await Should.ThrowAsync<InvalidOperationException>(
            () => Storage.SequenceAsync([Chained(2, false), Chained(3, failWhenLinked: true)], None));

        (await Storage.ReadSequencedSizeAsync(None)).ShouldBe(1UL);
        (await Storage.ReadChainHeadAsync(chain, None)).ShouldBe(0UL);
        var next = await Storage.SequenceAsync([Chained(4, false)], None);
        next.Single().Index.ShouldBe(1UL);
        (await Storage.FindEntryByEventIdAsync(next.Single().EventId, None))!.Data.ShouldBe(new byte[] { 4, 0 });
    }

    [Fact]
    public async Task An_entry_is_found_by_event_id_as_soon_as_it_is_sequenced()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        var entries = LogFixtures.Entries(3, seed: 42);
        await log.SequenceAsync(entries[..2], None);
        await log.IntegrateAsync(None);
        await log.SequenceAsync(entries[2..], None);

        var integrated = await log.GetEntryByEventIdAsync(entries[1].EventId, None);
        var pending = await log.GetEntryByEventIdAsync(entries[2].EventId, None);

        integrated.ShouldBe(new LogEntryRecord(1, entries[1].EventId, entries[1].Kind, entries[1].Data.ToArray(), ReferenceMerkle.LeafHash(entries[1].Data.ToArray())));
        pending.ShouldNotBeNull().Index.ShouldBe(2UL, "sequenced, not yet integrated");
        (await log.GetTreeHeadAsync(None)).TreeSize.ShouldBe(2UL);
        (await log.GetEntryByEventIdAsync(Guid.NewGuid(), None)).ShouldBeNull();
    }

    [Fact]
    public async Task The_key_history_lists_every_key_that_signed_with_its_service_window()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        using var next = CheckpointSigner.Generate(LogFixtures.Origin);
        var seed = 50;
        async Task PublishWithAsync(params CheckpointSigner[] signers)
        {
            using var log = new TransparencyLog(Storage, new TransparencyLogOptions { Origin = LogFixtures.Origin, Signers = signers }, clock);
            await log.SequenceAsync(LogFixtures.Entries(1, seed: seed++), None);
            await log.IntegrateAsync(None);
            await log.PublishCheckpointAsync(None);
            clock.Advance(TimeSpan.FromHours(1));
        }

        await PublishWithAsync(Signer);
        await PublishWithAsync(Signer); // a restart with the same key changes nothing
        await PublishWithAsync(Signer, next); // rotation: both sign for a while
        await PublishWithAsync(next);

        (await Storage.ReadKeyHistoryAsync(None)).ShouldBe(
        [
            CheckpointKeyRecord.For(Signer.PublicKey, start, start.AddHours(3)),
            CheckpointKeyRecord.For(next.PublicKey, start.AddHours(2)),
        ]);
    }

    [Fact]
    public async Task A_checkpoint_is_found_by_its_exact_tree_size()
    {
        using var log = LogFixtures.CreateLog(Storage, Signer);
        await log.SequenceAsync(LogFixtures.Entries(3, seed: 43), None);
        await log.IntegrateAsync(None);
        var three = await log.PublishCheckpointAsync(None);
        await log.SequenceAsync(LogFixtures.Entries(4, seed: 44), None);
        await log.IntegrateAsync(None);
        var seven = await log.PublishCheckpointAsync(None);

        (await log.Reader.GetCheckpointAsync(3, None)).ShouldBe(three);
        (await log.Reader.GetCheckpointAsync(7, None)).ShouldBe(seven);
        (await log.Reader.GetCheckpointAsync(5, None)).ShouldBeNull();
        (await log.Reader.GetCheckpointAsync(8, None)).ShouldBeNull();
    }
}
