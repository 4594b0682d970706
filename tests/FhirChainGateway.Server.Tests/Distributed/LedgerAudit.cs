using System.Net;
using System.Text.Json;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>
/// What every fault test asserts at the end: the ledger holds every gateway Provenance exactly once,
/// nothing else, and its checkpoint root equals a recomputation from the stored Provenance.
/// </summary>
public static class LedgerAudit
{
    public static async Task VerifyAsync(HttpClient gateway, HttpClient writer, TimeSpan timeout)
    {
        await WaitForEmptyOutboxAsync(gateway, timeout);
        var provenance = await ReadGatewayProvenanceAsync(gateway);
        var expected = provenance.Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("id").GetString()!).ToList();

        var checkpoint = await WaitForTreeSizeAsync(writer, (ulong)expected.Count, timeout);
        checkpoint.TreeSize.ShouldBe((ulong)expected.Count, "the ledger holds more leaves than the gateway wrote Provenance");

        var entries = await ReadEntriesAsync(writer, checkpoint.TreeSize);
        entries.Count.ShouldBe(expected.Count);
        entries.Select(e => e.EventId).Distinct().Count().ShouldBe(entries.Count, "an event was ledgered twice");
        entries.Select(e => FhirChainGateway.Ledger.Envelopes.LeafEnvelope.Parse(Convert.FromBase64String(e.Data)).Id)
            .Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal), "ledger leaves differ from the stored Provenance");
        Convert.ToBase64String(Hashes.MerkleRoot(entries.Select(e => Convert.FromBase64String(e.Data)).ToList()))
            .ShouldBe(checkpoint.RootHash, "the checkpoint root is not the Merkle root of the leaves");
    }

    /// <summary>
    /// The offline audit over both services' files (run after the processes stopped): every stored version and
    /// Provenance re-hashed against the log, and the tree recomputed from the leaves.
    /// </summary>
    public static async Task AuditFilesAsync(string gatewayData, string writerData)
    {
        var auditor = new FhirChainGateway.Cli.Audit.LedgerAuditor(new FhirChainGateway.Fhir.Serialization.FhirCanonicalJson(
            FhirChainGateway.Fhir.Definitions.FhirDefinitions.Load(FhirChainGateway.Fhir.Definitions.DefinitionsLocator.Locate([FhirChainGateway.TestSupport.TestData.RepositoryRoot], Environment.GetEnvironmentVariable))));
        var report = await auditor.AuditAsync(
            new FhirChainGateway.Cli.Audit.AuditInputs(Path.Combine(gatewayData, "fhir.db"), Path.Combine(writerData, "ledger.db"), Path.Combine(gatewayData, "pseudonym.key"), []),
            CancellationToken.None);
        report.Findings.ShouldBeEmpty();
        report.Leaves.ShouldBe(report.LeavesAccountedFor);
    }

    public static async Task WaitForEmptyOutboxAsync(HttpClient gateway, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var health = await gateway.GetAsync("health");
            using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            var pending = body.RootElement.GetProperty("outbox").GetProperty("pending").GetInt64();
            if (pending == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The gateway outbox still holds {pending} messages.");
            }

            await Task.Delay(200);
        }
    }

    public static async Task<(ulong TreeSize, string RootHash)> CheckpointAsync(HttpClient writer)
    {
        using var response = await writer.GetAsync("ledger/checkpoint?format=json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("treeSize").GetUInt64(), body.RootElement.GetProperty("rootHash").GetString()!);
    }

    public static async Task<(ulong TreeSize, string RootHash)> WaitForTreeSizeAsync(HttpClient writer, ulong size, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var checkpoint = await CheckpointAsync(writer);
            if (checkpoint.TreeSize >= size || DateTime.UtcNow > deadline)
            {
                // Give stray duplicates a moment to show up before the caller compares sizes.
                await Task.Delay(500);
                return await CheckpointAsync(writer);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The JSON of every Provenance the gateway wrote (Synthea bundles bring Provenance of their own).</summary>
    public static async Task<List<byte[]>> ReadGatewayProvenanceAsync(HttpClient gateway)
    {
        var result = new List<byte[]>();
        string? next = "Provenance?_count=1000";
        while (next is not null)
        {
            using var response = await gateway.GetAsync(next);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var bundle = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (bundle.RootElement.TryGetProperty("entry", out var entries))
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    var resource = entry.GetProperty("resource");
                    var who = resource.GetProperty("agent")[0].GetProperty("who");
                    if (who.TryGetProperty("identifier", out var identifier) && identifier.GetProperty("system").GetString() == "urn:fhirchain:client")
                    {
                        result.Add(System.Text.Encoding.UTF8.GetBytes(resource.GetRawText()));
                    }
                }
            }

            next = bundle.RootElement.GetProperty("link").EnumerateArray()
                .Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString())
                .FirstOrDefault();
        }

        return result;
    }

    private static async Task<List<(Guid EventId, string Data)>> ReadEntriesAsync(HttpClient writer, ulong size)
    {
        var entries = new List<(Guid, string)>();
        for (ulong start = 0; start < size; start += 1000)
        {
            using var response = await writer.GetAsync($"ledger/entries?start={start}&count=1000");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var entry in body.RootElement.GetProperty("entries").EnumerateArray())
            {
                entries.Add((entry.GetProperty("eventId").GetGuid(), entry.GetProperty("data").GetString()!));
            }
        }

        return entries;
    }
}
