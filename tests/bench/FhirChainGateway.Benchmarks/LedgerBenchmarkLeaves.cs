using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Log;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// Leaves as the gateway sends them: canonical <see cref="LeafEnvelope"/>s (about 450 bytes) for Provenance,
/// and for a share of Consent versions spread over many patients' consent chains.
/// </summary>
internal sealed class LedgerBenchmarkLeaves(double consentShare, int patients, int seed)
{
    private readonly Random _random = new(seed);
    private readonly PatientPseudonymizer _pseudonyms = new(new byte[PatientPseudonymizer.KeyLength]);
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _count;

    public LogEntry Next()
    {
        var number = _count++;
        var eventId = Guid.CreateVersion7(_start.AddMilliseconds(number));
        var consent = _random.NextDouble() < consentShare;
        var commitment = new byte[32];
        _random.NextBytes(commitment);
        var envelope = new LeafEnvelope
        {
            Kind = consent ? LeafEnvelope.ConsentKind : LeafEnvelope.ProvenanceKind,
            ResourceType = consent ? "Consent" : "Provenance",
            Id = eventId.ToString("D"),
            VersionId = "1",
            EventId = eventId,
            Recorded = _start.AddMilliseconds(number),
            Patient = _pseudonyms.Pseudonymize("Patient/" + _random.Next(patients)),
            Commitment = Convert.ToHexStringLower(commitment),
        };
        return new LogEntry(eventId, envelope.Kind, envelope.ToBytes());
    }

    public LogEntry[] Next(int count)
    {
        var entries = new LogEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = Next();
        }

        return entries;
    }
}
