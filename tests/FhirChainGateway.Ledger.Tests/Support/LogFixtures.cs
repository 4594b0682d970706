using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Ledger.Tests.Support;

internal static class LogFixtures
{
    public const string Origin = "fhirchain.test/ledger";

    public static TransparencyLog CreateLog(ILogStorage storage, CheckpointSigner signer, int tileCacheCapacity = 1024, int maxLeavesPerIntegration = 1 << 16) =>
        new(
            storage,
            new TransparencyLogOptions
            {
                Origin = Origin,
                Signers = [signer],
                TileCacheCapacity = tileCacheCapacity,
                MaxLeavesPerIntegration = maxLeavesPerIntegration,
            },
            new ManualTimeProvider());

    /// <summary>
    /// Deterministic Provenance-kind entries: event ids and arbitrary data derived from the seed and position
    /// (any bytes are a valid Provenance leaf; Consent leaves must be envelopes, see <see cref="Consent"/>).
    /// </summary>
    public static List<LogEntry> Entries(int count, int seed, int offset = 0)
    {
        var random = new Random(seed);
        var entries = new List<LogEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var id = new byte[16];
            random.NextBytes(id);
            var data = new byte[random.Next(1, 64)];
            random.NextBytes(data);
            entries.Add(new LogEntry(new Guid(id), (offset + i) % 5 == 0 ? "AuditEvent" : "Provenance", data));
        }

        return entries;
    }

    /// <summary>A pseudonym as the gateway makes them (64 lower-case hex digits), derived from a name.</summary>
    public static string Patient(string name) => new PatientPseudonymizer(new byte[PatientPseudonymizer.KeyLength]).Pseudonymize("Patient/" + name);

    /// <summary>A Consent envelope as the gateway sends it: the chain link left to the log.</summary>
    public static LeafEnvelope ConsentEnvelope(string? patient, Guid? eventId = null, string id = "c1", int version = 1) => new()
    {
        Kind = LeafEnvelope.ConsentKind,
        ResourceType = "Consent",
        Id = id,
        VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EventId = eventId ?? Guid.CreateVersion7(),
        Recorded = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(version),
        Patient = patient,
        Commitment = new string('a', 64),
        PreviousConsentLeaf = null,
    };

    /// <summary>A Consent entry for the patient, as the ledger writer receives it.</summary>
    public static LogEntry Consent(string? patient, string id = "c1", int version = 1)
    {
        var envelope = ConsentEnvelope(patient, id: id, version: version);
        return new LogEntry(envelope.EventId, LeafEnvelope.ConsentKind, envelope.ToBytes());
    }
}
