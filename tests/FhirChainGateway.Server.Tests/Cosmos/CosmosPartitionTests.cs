using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// Issue 6 acceptance on the Cosmos backend: reading a Patient and its history through the gateway are
/// single-partition operations. Asserted from the Cosmos requests themselves, as they leave the gateway's
/// CosmosClient: each one's partition key header, and whether it was sent to a partition key range without
/// one (a fan-out).
/// </summary>
[Collection(CosmosGatewayCollection.Name)]
public sealed class CosmosPartitionTests(CosmosTestServer cosmos, ITestOutputHelper output)
{
    [CosmosSyntheaFact]
    public async Task A_patient_read_and_its_history_touch_only_that_patients_partition()
    {
        // Two patients, so that another patient's partition exists that a fan-out would also reach.
        var bundles = SyntheaBundle.PatientBundles().TakeLast(2).ToList();
        await using var gateway = await CosmosGatewayServer.StartAsync(cosmos);
        using (var prelude = await PostAsync(gateway, SyntheaBundle.PreludeFor(bundles)))
        {
            prelude.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var locations = new List<string>();
        foreach (var bundle in bundles)
        {
            using var response = await PostAsync(gateway, await File.ReadAllTextAsync(bundle.File));
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text[..Math.Min(text.Length, 2000)]);
            using var result = JsonDocument.Parse(text);
            locations.AddRange(result.RootElement.GetProperty("entry").EnumerateArray()
                .Select(e => FhirLocation.TypeAndId(e.GetProperty("response").GetProperty("location").GetString()!)));
        }

        var patient = locations.First(l => l.StartsWith("Patient/", StringComparison.Ordinal));
        var observation = locations.First(l => l.StartsWith("Observation/", StringComparison.Ordinal));
        await UpdateAsync(gateway, patient);

        var read = await ObserveAsync(gateway, patient, "read");
        var history = await ObserveAsync(gateway, $"{patient}/_history", "history");
        var vread = await ObserveAsync(gateway, $"{patient}/_history/1", "vread");
        using (var historyBundle = JsonDocument.Parse(await gateway.Client.GetStringAsync($"{patient}/_history")))
        {
            historyBundle.RootElement.GetProperty("entry").GetArrayLength().ShouldBe(2, "the update made a second version");
        }

        foreach (var (what, get) in new[] { ("read", read), ("history", history), ("vread", vread) })
        {
            get.Requests.ShouldAllBe(r => PartitionOf(r) == patient, $"{what} of {patient}:\n{string.Join('\n', get.Requests)}");
        }

        history.Requests.ShouldContain(r => r.IsQuery, "the history page is read by a query, which must name the partition");

        // A compartment member: its head lives in its own home partition, its versions in the patient's.
        var member = await ObserveAsync(gateway, observation, "member");
        member.Requests.Select(PartitionOf).Distinct().Order(StringComparer.Ordinal).ShouldBe(new[] { observation, patient }.Order(StringComparer.Ordinal));

        // The instrument can see a fan-out: finding a patient by identifier cannot know the partition.
        var search = await ObserveAsync(gateway, $"Patient?identifier={SyntheaBundle.SyntheaIdentifierSystem}|{bundles[0].PatientIdentifier}", "search", allowFanOut: true);
        search.Requests.ShouldContain(r => r.IsQuery && r.PartitionKey == null, string.Join('\n', search.Requests));

        output.WriteLine($"read {patient}: {Describe(read)}");
        output.WriteLine($"history: {Describe(history)}");
        output.WriteLine($"vread: {Describe(vread)}");
        output.WriteLine($"read {observation}: {Describe(member)}");
        output.WriteLine($"search by identifier: {Describe(search)}");
    }

    /// <summary>The document requests the gateway made for one GET and the RU it reported; asserts none of them fanned out unless allowed.</summary>
    private static async Task<ObservedGet> ObserveAsync(CosmosGatewayServer gateway, string path, string label, bool allowFanOut = false)
    {
        using var response = await gateway.GetLabelledAsync(path, label);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        var charge = CosmosGatewayServer.RequestCharge(response);
        charge.ShouldBeGreaterThan(0);
        var requests = gateway.Recorder.For(label).Where(r => r.TouchesDocuments).ToList();
        requests.ShouldNotBeEmpty($"{path}: no Cosmos document request was observed");
        if (!allowFanOut)
        {
            requests.ShouldAllBe(r => r.PartitionKey != null, $"{path} fanned out:\n{string.Join('\n', requests)}");
        }

        return new ObservedGet(requests, charge);
    }

    /// <summary>The logical partition a request named (its header is a JSON array of the key's components).</summary>
    private static string? PartitionOf(ObservedCosmosRequest request) =>
        request.PartitionKey is null ? null : JsonNode.Parse(request.PartitionKey)!.AsArray().Single()!.GetValue<string>();

    private static string Describe(ObservedGet get) =>
        $"{get.Charge:0.##} RU, {get.Requests.Count} document requests ({get.Requests.Count(r => r.IsQuery)} queries), partitions: "
        + string.Join(", ", get.Requests.Select(r => PartitionOf(r) ?? "none (all partitions)").Distinct());

    private static async Task UpdateAsync(CosmosGatewayServer gateway, string patient)
    {
        var current = JsonNode.Parse(await gateway.Client.GetStringAsync(patient))!.AsObject();
        current["active"] = true;
        using var content = new StringContent(current.ToJsonString(), System.Text.Encoding.UTF8, "application/fhir+json");
        using var response = await gateway.Client.PutAsync(patient, content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(CosmosGatewayServer gateway, string bundle)
    {
        using var content = new StringContent(bundle, System.Text.Encoding.UTF8, "application/fhir+json");
        return await gateway.Client.PostAsync(string.Empty, content);
    }

    private sealed record ObservedGet(IReadOnlyList<ObservedCosmosRequest> Requests, double Charge);
}
