using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Tests.Support;

namespace FhirChainGateway.Ledger.Tests.Log;

public sealed class LogSequencerTests
{
    private static readonly string Alice = LogFixtures.Patient("alice");

    public static TheoryData<string> UnchainableConsents => new()
    {
        "no patient",
        "not an envelope",
        "not canonical",
        "previous already set",
        "another event's envelope",
        "Provenance envelope",
    };

    [Fact]
    public void A_consent_entry_is_chained_by_its_patient_and_starts_as_a_first_link()
    {
        var entry = LogFixtures.Consent(Alice);

        var prepared = LogSequencer.Prepare(entry);

        prepared.ChainKey.ShouldBe(Alice);
        prepared.Data.ToArray().ShouldBe(entry.Data.ToArray());
        prepared.LeafHash.ShouldBe(Rfc6962Hasher.HashLeaf(entry.Data.Span));
        prepared.LinkAfter(41).Data.ToArray().ShouldBe(LeafEnvelope.Parse(entry.Data.Span).AfterConsentLeaf(41).ToBytes());
        prepared.LinkAfter(41).ChainKey.ShouldBeNull("a linked entry is final");
    }

    [Fact]
    public void Other_kinds_are_taken_as_they_come_and_are_not_chained()
    {
        var entry = new LogEntry(Guid.CreateVersion7(), "Provenance", LogFixtures.ConsentEnvelope(Alice).ToBytes());

        var prepared = LogSequencer.Prepare(entry);

        prepared.ChainKey.ShouldBeNull();
        prepared.LeafHash.ShouldBe(Rfc6962Hasher.HashLeaf(entry.Data.Span));
        Should.Throw<InvalidOperationException>(() => prepared.LinkAfter(1));
    }

    [Theory]
    [MemberData(nameof(UnchainableConsents))]
    public void An_unchainable_consent_entry_is_refused_with_its_event_id(string problem)
    {
        var eventId = Guid.CreateVersion7();
        var envelope = LogFixtures.ConsentEnvelope(Alice, eventId);
        byte[] data = problem switch
        {
            "no patient" => (envelope with { Patient = null }).ToBytes(),
            "not an envelope" => "{\"resourceType\":\"Consent\"}"u8.ToArray(),
            "not canonical" => [.. " "u8, .. envelope.ToBytes()],
            "previous already set" => envelope.AfterConsentLeaf(3).ToBytes(),
            "another event's envelope" => (envelope with { EventId = Guid.CreateVersion7() }).ToBytes(),
            _ => (envelope with { Kind = LeafEnvelope.ProvenanceKind }).ToBytes(),
        };

        var failure = Should.Throw<InvalidLogEntryException>(() => LogSequencer.Prepare(new LogEntry(eventId, "Consent", data)));

        failure.EventId.ShouldBe(eventId);
        failure.Message.ShouldContain(eventId.ToString());
    }

    [Fact]
    public void Entries_without_event_id_or_kind_are_refused()
    {
        Should.Throw<InvalidLogEntryException>(() => LogSequencer.Prepare(new LogEntry(Guid.Empty, "Provenance", new byte[] { 1 })));
        Should.Throw<InvalidLogEntryException>(() => LogSequencer.Prepare(new LogEntry(Guid.CreateVersion7(), " ", new byte[] { 1 })));
    }
}
