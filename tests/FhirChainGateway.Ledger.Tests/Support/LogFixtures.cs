using FhirChainGateway.Ledger.Checkpoints;
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

    /// <summary>Deterministic entries: event ids and data derived from the seed and position.</summary>
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
            entries.Add(new LogEntry(new Guid(id), (offset + i) % 5 == 0 ? "Consent" : "Provenance", data));
        }

        return entries;
    }
}
