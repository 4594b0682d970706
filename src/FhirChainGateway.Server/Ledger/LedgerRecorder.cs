using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FhirChainGateway.Contracts;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Server.Provenance;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Ledger;

/// <summary>
/// Turns one interaction into what the ledger records: the Provenance (stored with its own salt) and
/// the outbox events carrying leaf envelopes — one for the Provenance, one per Consent version written.
/// Everything in an envelope is reproducible later from stored data (the Provenance id is the event id,
/// the salt is stored beside the version), which is what receipts and the audit rely on.
/// </summary>
public sealed class LedgerRecorder(FhirCodec codec, PatientPseudonymizer pseudonymizer)
{
    /// <summary>The Provenance write and outbox messages for <paramref name="written"/>.</summary>
    public (ResourceWrite Provenance, IReadOnlyList<OutboxMessage> Events) Record(
        IReadOnlyList<CommittedWrite> written,
        IReadOnlyList<ProvenanceTarget> targets,
        string? compartmentKey,
        string orderingKey,
        RequestAgent agent,
        DateTimeOffset now)
    {
        var eventId = Guid.CreateVersion7(now);
        var provenanceId = eventId.ToString("D");
        var provenanceJson = ProvenanceFactory.Build(provenanceId, now, targets, agent);
        var salt = SaltedCommitment.NewSalt();
        var patient = compartmentKey is null ? null : pseudonymizer.Pseudonymize(compartmentKey);
        var provenance = new ResourceWrite(WriteKind.Create, "Provenance", provenanceId, 1, now, provenanceJson, 0, compartmentKey, [])
        {
            Salt = salt,
        };

        var events = new List<OutboxMessage>(1)
        {
            Event(eventId, provenanceId, now, orderingKey, written, ProvenanceEnvelope(provenanceId, eventId, now, patient, provenanceJson, salt)),
        };

        // A consent chain is a patient's: Consent versions without a patient compartment have no chain to
        // join and are covered by the Provenance leaf alone, as deletion markers (no content) are.
        foreach (var consent in written.Where(w => w.ResourceType == "Consent" && w.Kind != WriteKind.Delete && w.CompartmentKey is not null))
        {
            var consentEventId = ConsentEventId(provenanceId, consent.Id, consent.VersionId);
            var envelope = new LeafEnvelope
            {
                Kind = LeafEnvelope.ConsentKind,
                ResourceType = "Consent",
                Id = consent.Id,
                VersionId = Invariant(consent.VersionId),
                EventId = consentEventId,
                Recorded = now,
                Patient = pseudonymizer.Pseudonymize(consent.CompartmentKey!),
                Commitment = consent.Commitment,
            };
            events.Add(Event(consentEventId, provenanceId, now, orderingKey, written, envelope));
        }

        return (provenance, events);
    }

    /// <summary>The leaf envelope of a stored Provenance, recomputed from its content and salt.</summary>
    public LeafEnvelope ProvenanceEnvelope(string provenanceId, Guid eventId, DateTimeOffset recorded, string? patientPseudonym, ReadOnlySpan<byte> provenanceJson, byte[] salt) =>
        new()
        {
            Kind = LeafEnvelope.ProvenanceKind,
            ResourceType = "Provenance",
            Id = provenanceId,
            VersionId = "1",
            EventId = eventId,
            Recorded = recorded,
            Patient = patientPseudonym,
            Commitment = SaltedCommitment.Compute(salt, codec.Canonicalize(provenanceJson)),
        };

    public string? PseudonymOf(string? compartmentKey) => compartmentKey is null ? null : pseudonymizer.Pseudonymize(compartmentKey);

    /// <summary>
    /// The event id of a Consent version's leaf, derived from the recording Provenance and the version, so
    /// it can be found again (receipts) without storing it anywhere.
    /// </summary>
    public static Guid ConsentEventId(string provenanceId, string consentId, long versionId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"consent-leaf|{provenanceId}|Consent/{consentId}/_history/{Invariant(versionId)}"), hash);

        // Shape the first 16 bytes as an RFC 9562 version-8 (custom) UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    private static OutboxMessage Event(Guid eventId, string provenanceId, DateTimeOffset now, string orderingKey, IReadOnlyList<CommittedWrite> written, LeafEnvelope envelope)
    {
        var recorded = new ProvenanceRecorded
        {
            EventId = eventId,
            ProvenanceId = provenanceId,
            ProvenanceVersionId = 1,
            Recorded = now,
            LeafKind = envelope.Kind,
            LeafData = envelope.ToBytes(),
            OrderingKey = orderingKey,
            Targets = written.Select(w => new RecordedTarget(w.ResourceType, w.Id, w.VersionId, w.Commitment)).ToList(),
        };
        return new OutboxMessage(eventId, nameof(ProvenanceRecorded), orderingKey, JsonSerializer.SerializeToUtf8Bytes(recorded), now);
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
