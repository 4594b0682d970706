using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FhirChainGateway.Server.Tests.Distributed;
using Xunit.Abstractions;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// Issue 6 acceptance on the Cosmos backend: the google-fhir-data-pipes Synthea corpus goes in through the
/// gateway's REST API as a hospital would post it (batch Bundles of organizations and practitioners first,
/// then every patient transaction Bundle), and every Patient reads back.
/// </summary>
/// <remarks>
/// The two batch Bundles hold ~4,800 conditional creates, of which the patients refer to 90. On the local test
/// server, whose queries scan the whole container, the full batches alone take many minutes, so by default this
/// test posts only those 90 entries (still as batch Bundles, in the corpus's order) and then every patient.
/// <see cref="FullCorpusVariable"/>=1 posts both batch Bundles in full (for the figure, or against a real account).
/// </remarks>
[Collection(CosmosGatewayCollection.Name)]
public sealed class CosmosSyntheaLoadTests(CosmosTestServer cosmos, ITestOutputHelper output)
{
    public const string FullCorpusVariable = "FHIRCHAIN_COSMOS_FULL_CORPUS";

    [CosmosSyntheaFact]
    public async Task The_synthea_corpus_loads_through_the_gateway_and_every_patient_reads_back()
    {
        var files = SyntheaFiles.LoadOrder();
        var patients = files.Skip(2).Select(SyntheaBundle.Read).ToList();
        patients.Count.ShouldBeGreaterThan(10);
        var fullCorpus = Environment.GetEnvironmentVariable(FullCorpusVariable) == "1";
        var batches = fullCorpus
            ? files.Take(2).Select(File.ReadAllText).ToList()
            : [SyntheaBundle.PreludeFor(patients)];

        await using var gateway = await CosmosGatewayServer.StartAsync(cosmos);
        var clock = Stopwatch.StartNew();
        var batchCharge = 0.0;
        var batchEntries = 0;
        foreach (var batch in batches)
        {
            var (entries, charge) = await PostAsync(gateway, batch, "batch Bundle");
            entries.ShouldAllBe(e => e.Status == "201 Created" || e.Status == "200 OK");
            batchEntries += entries.Count;
            batchCharge += charge;
        }

        batchEntries.ShouldBeGreaterThan(0);
        var batchTime = clock.Elapsed;
        var patientCharge = 0.0;
        var patientEntries = 0;
        var patientLocations = new List<string>();
        foreach (var patient in patients)
        {
            var (entries, charge) = await PostAsync(gateway, await File.ReadAllTextAsync(patient.File), Path.GetFileName(patient.File));
            entries.ShouldAllBe(e => e.Status == "201 Created", Path.GetFileName(patient.File));
            entries.Count.ShouldBe(patient.EntryCount);
            patientLocations.Add(entries.Select(e => FhirLocation.TypeAndId(e.Location)).Single(l => l.StartsWith("Patient/", StringComparison.Ordinal)));
            patientEntries += entries.Count;
            patientCharge += charge;
        }

        var loadTime = clock.Elapsed;
        foreach (var (location, patient) in patientLocations.Zip(patients))
        {
            using var read = await gateway.Client.GetAsync(location);
            read.StatusCode.ShouldBe(HttpStatusCode.OK, location);
            using var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
            body.RootElement.GetProperty("resourceType").GetString().ShouldBe("Patient");
            body.RootElement.GetProperty("identifier").EnumerateArray()
                .ShouldContain(i => i.GetProperty("value").GetString() == patient.PatientIdentifier, location);
        }

        output.WriteLine(
            $"Synthea on Cosmos ({(cosmos.IsLocalServer ? "local test server, 1 RU per request" : "configured account")}, "
            + $"{(fullCorpus ? "full batch Bundles" : "the batch entries the patients refer to")}): "
            + $"{batchEntries} batch entries in {batchTime.TotalSeconds:0.0} s ({batchCharge:0} RU, {batchCharge / batchEntries:0.0} RU per entry); "
            + $"{patients.Count} patient transactions, {patientEntries} resources in {(loadTime - batchTime).TotalSeconds:0.0} s "
            + $"({patientCharge:0} RU, {patientCharge / patientEntries:0.0} RU per resource); total {loadTime.TotalSeconds:0.0} s.");
    }

    private static async Task<(List<(string Status, string Location)> Entries, double Charge)> PostAsync(CosmosGatewayServer gateway, string bundle, string what)
    {
        using var content = new StringContent(bundle, System.Text.Encoding.UTF8, "application/fhir+json");
        using var response = await gateway.Client.PostAsync(string.Empty, content);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{what}: {text[..Math.Min(text.Length, 2000)]}");
        using var result = JsonDocument.Parse(text);
        var entries = result.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("response"))
            .Select(r => (r.GetProperty("status").GetString()!, r.TryGetProperty("location", out var location) ? location.GetString()! : string.Empty))
            .ToList();
        return (entries, CosmosGatewayServer.RequestCharge(response));
    }
}
