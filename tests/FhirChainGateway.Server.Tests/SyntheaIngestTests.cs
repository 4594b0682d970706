using System.Net;
using System.Text.Json;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Server.Tests;

/// <summary>
/// The foundation's acceptance run: the google-fhir-data-pipes Synthea corpus goes in through the REST
/// API exactly as a hospital would post it, and everything that must hold afterwards is checked from
/// the outside.
/// </summary>
public sealed class SyntheaIngestTests
{
    [TestDataFact]
    public async Task The_synthea_corpus_loads_and_every_write_is_provably_recorded()
    {
        var folder = TestData.PathOf("synthea", "google-fhir-data-pipes")!;
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        var batches = files.Where(f => Path.GetFileName(f).StartsWith("hospitalInformation", StringComparison.Ordinal))
            .Concat(files.Where(f => Path.GetFileName(f).StartsWith("practitionerInformation", StringComparison.Ordinal)))
            .ToList();
        var patients = files.Except(batches).ToList();
        batches.Count.ShouldBe(2);
        patients.Count.ShouldBeGreaterThan(10);

        await using var server = await GatewayServer.StartAsync();
        var interactions = 0;

        foreach (var batch in batches)
        {
            using var response = await server.PostFileAsync("", batch);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var entry in result.RootElement.GetProperty("entry").EnumerateArray())
            {
                var status = entry.GetProperty("response").GetProperty("status").GetString()!;
                status.ShouldBeOneOf("201 Created", "200 OK");
                if (status.StartsWith("201", StringComparison.Ordinal))
                {
                    interactions++;
                }
            }
        }

        var patientLocations = new List<string>();
        foreach (var patient in patients)
        {
            using var response = await server.PostFileAsync("", patient);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{Path.GetFileName(patient)}: {text[..Math.Min(text.Length, 2000)]}");
            using var result = JsonDocument.Parse(text);
            var entries = result.RootElement.GetProperty("entry").EnumerateArray().ToList();
            entries.ShouldAllBe(e => e.GetProperty("response").GetProperty("status").GetString() == "201 Created");
            patientLocations.Add(entries
                .Select(e => e.GetProperty("response").GetProperty("location").GetString()!)
                .Single(l => l.StartsWith("Patient/", StringComparison.Ordinal)));
            interactions++;
        }

        foreach (var location in patientLocations)
        {
            using var read = await server.Client.GetAsync(location);
            read.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
            body.RootElement.GetProperty("resourceType").GetString().ShouldBe("Patient");
        }

        var ours = await ReadGatewayProvenanceAsync(server);
        ours.Count.ShouldBe(interactions);
        var checkpoint = await server.WaitForCheckpointAsync((ulong)interactions, TimeSpan.FromMinutes(2));
        checkpoint.TreeSize.ShouldBe((ulong)interactions);

        await server.WaitForQuietLedgerAsync();
        var checkedTargets = 0;
        var sampled = 0;
        foreach (var provenance in ours)
        {
            foreach (var (reference, commitment) in provenance)
            {
                using var version = await server.Client.GetAsync(reference);
                version.StatusCode.ShouldBe(HttpStatusCode.OK, reference);
                var json = await version.Content.ReadAsByteArrayAsync();
                var text = System.Text.Encoding.UTF8.GetString(json);
                text.ShouldNotContain("\"reference\":\"urn:uuid:");
                text.ShouldNotContain("?identifier=");

                // Commitments need the salt, which only a receipt discloses: check every 40th target through one.
                if (checkedTargets++ % 40 == 0)
                {
                    using var receipt = await server.Client.GetAsync($"{reference}/$ledger-receipt");
                    receipt.StatusCode.ShouldBe(HttpStatusCode.OK, reference);
                    var salt = FhirChainGateway.Ledger.Receipts.LedgerReceipt.Parse(await receipt.Content.ReadAsByteArrayAsync()).SubjectSalt!;
                    Hashes.Commitment(salt, json).ShouldBe(commitment, reference);
                    sampled++;
                }
            }
        }

        checkedTargets.ShouldBeGreaterThan(5000);
        sampled.ShouldBeGreaterThan(100);
    }

    /// <summary>Every Provenance the gateway wrote (Synthea posts Provenance of its own), as (target, hash) lists.</summary>
    private static async Task<List<List<(string Reference, string Hash)>>> ReadGatewayProvenanceAsync(GatewayServer server)
    {
        var result = new List<List<(string, string)>>();
        string? next = "Provenance?_count=1000";
        while (next is not null)
        {
            using var response = await server.Client.GetAsync(next);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var bundle = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var entry in bundle.RootElement.TryGetProperty("entry", out var entries) ? entries.EnumerateArray() : default)
            {
                var resource = entry.GetProperty("resource");
                var who = resource.GetProperty("agent")[0].GetProperty("who");
                if (!who.TryGetProperty("identifier", out var identifier) || identifier.GetProperty("system").GetString() != "urn:fhirchain:client")
                {
                    continue;
                }

                var targets = new List<(string, string)>();
                foreach (var target in resource.GetProperty("target").EnumerateArray())
                {
                    var hash = target.GetProperty("extension").EnumerateArray()
                        .Where(e => e.GetProperty("url").GetString()!.EndsWith("target-commitment", StringComparison.Ordinal))
                        .Select(e => e.GetProperty("valueString").GetString()!)
                        .Single();
                    targets.Add((target.GetProperty("reference").GetString()!, hash));
                }

                result.Add(targets);
            }

            next = bundle.RootElement.GetProperty("link").EnumerateArray()
                .Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString())
                .FirstOrDefault();
        }

        return result;
    }
}
