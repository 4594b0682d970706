using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.LedgerWriter.Messaging;

namespace FhirChainGateway.Ledger.Tests.Writer;

public sealed class GroupCommitSequencerTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CheckpointSigner _signer = CheckpointSigner.Generate(LogFixtures.Origin);
    private readonly TransparencyLog _log;
    private readonly GroupCommitSequencer _sequencer;

    public GroupCommitSequencerTests()
    {
        _log = LogFixtures.CreateLog(new InMemoryLogStorage(), _signer);
        _sequencer = new GroupCommitSequencer(_log, new IntegrationSignal(), maxBatch: 8);
    }

    public Task InitializeAsync() => _sequencer.StartAsync(None);

    [Fact]
    public async Task A_consent_without_a_patient_is_poison_on_its_own_and_its_neighbours_are_sequenced()
    {
        var entries = LogFixtures.Entries(30, seed: 80);
        var orphan = LogFixtures.Consent(patient: null);

        var pending = entries.Take(15).Select(entry => _sequencer.SequenceAsync(entry, None)).ToList();
        var poison = Should.Throw<PoisonEventException>(() => _sequencer.SequenceAsync(orphan, None));
        pending.AddRange(entries.Skip(15).Select(entry => _sequencer.SequenceAsync(entry, None)));
        var placed = await Task.WhenAll(pending);

        poison.Message.ShouldContain(orphan.EventId.ToString());
        placed.Select(p => p.Index).Order().ShouldBe(Enumerable.Range(0, 30).Select(i => (ulong)i));
        (await _log.GetEntryByEventIdAsync(orphan.EventId, None)).ShouldBeNull();
    }

    [Fact]
    public async Task Consents_of_one_patient_sequenced_concurrently_form_one_unbroken_chain()
    {
        var alice = LogFixtures.Patient("alice");
        var consents = Enumerable.Range(1, 20).Select(version => LogFixtures.Consent(alice, "a", version)).ToList();
        var noise = LogFixtures.Entries(20, seed: 81);

        var placed = await Task.WhenAll(consents.Concat(noise).Select(entry => Task.Run(() => _sequencer.SequenceAsync(entry, None))));

        var consentIndexes = placed.Where(p => consents.Any(c => c.EventId == p.EventId)).Select(p => p.Index).ToHashSet();
        var walked = new List<ulong>();
        for (var at = await _log.Reader.GetConsentChainHeadAsync(alice, None); at is { } index; )
        {
            walked.Add(index);
            var entry = (await _log.Reader.GetEntryByEventIdAsync(placed.Single(p => p.Index == index).EventId, None))!;
            at = LeafEnvelope.Parse(entry.Data).PreviousConsentLeaf;
        }

        walked.Count.ShouldBe(20);
        walked.ToHashSet().SetEquals(consentIndexes).ShouldBeTrue();
        walked.ShouldBe([.. walked.OrderDescending()], "each link points back to an earlier leaf");
    }

    public async Task DisposeAsync()
    {
        await _sequencer.StopAsync(None);
        _sequencer.Dispose();
        _log.Dispose();
        _signer.Dispose();
    }
}
