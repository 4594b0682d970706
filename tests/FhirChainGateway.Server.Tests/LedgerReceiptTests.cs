using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirChainGateway.Cli.Verification;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Receipts;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Server.Tests;

/// <summary>
/// Receipts are fetched from a running gateway, the gateway is stopped, and the receipts are verified
/// offline with nothing but the receipt, the ledger's public key and (optionally) an older checkpoint.
/// </summary>
public sealed class LedgerReceiptTests
{
    private static readonly Lazy<ReceiptVerifier> Verifier = new(() => new ReceiptVerifier(new FhirCanonicalJson(
        FhirDefinitions.Load(DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable)))));

    [Fact]
    public async Task Receipts_verify_offline_with_the_gateway_stopped_and_tampering_is_detected()
    {
        LedgerReceipt patientReceipt, consentReceipt, provenanceReceipt, laterReceipt;
        string oldCheckpoint;
        CheckpointPublicKey key;
        await using (var server = await GatewayServer.StartAsync())
        {
            var patientId = await CreateAsync(server, "Patient", """{"resourceType":"Patient","name":[{"family":"Receipt","given":["Rita"]}]}""");
            await UpdateAsync(server, "Patient", patientId, $$"""{"resourceType":"Patient","id":"{{patientId}}","name":[{"family":"Receipt","given":["Rita","R."]}]}""");
            var consent = $$$"""{"resourceType":"Consent","status":"active","scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},"category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],"policyRule":{"text":"opt-in"},"patient":{"reference":"Patient/{{{patientId}}}"}}""";
            var consentId = await CreateAsync(server, "Consent", consent);
            await UpdateAsync(server, "Consent", consentId, consent.Replace("\"status\":\"active\"", $"\"id\":\"{consentId}\",\"status\":\"inactive\"", StringComparison.Ordinal));

            await server.WaitForQuietLedgerAsync();
            patientReceipt = await ReceiptAsync(server, $"Patient/{patientId}/_history/2");
            consentReceipt = await ReceiptAsync(server, $"Consent/{consentId}/_history/2");
            provenanceReceipt = await ReceiptAsync(server, patientReceipt.ProvenanceReference);
            oldCheckpoint = patientReceipt.Checkpoint;

            await CreateAsync(server, "Patient", """{"resourceType":"Patient","name":[{"family":"Later"}]}""");
            await server.WaitForQuietLedgerAsync();
            laterReceipt = await ReceiptAsync(server, $"Patient/{patientId}/_history/1", $"?consistencyFrom={patientReceipt.TreeSize}");
            key = CheckpointPublicKey.FromPem(SignedNote.Parse(oldCheckpoint).Signatures[0].KeyName, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "ledger-signing-key.pem")));
        }

        AllPass(Verifier.Value.Verify(patientReceipt, [key], null));
        AllPass(Verifier.Value.Verify(provenanceReceipt, [key], null));
        var consentSteps = Verifier.Value.Verify(consentReceipt, [key], null);
        AllPass(consentSteps);
        consentReceipt.ConsentLeaf.ShouldNotBeNull();
        consentSteps.ShouldContain(s => s.What == "the Consent leaf is in the checkpoint's tree");
        AllPass(Verifier.Value.Verify(laterReceipt, [key], oldCheckpoint));

        // Changed content, a forged proof, an untrusted key, a rewritten history: each is caught.
        var changed = patientReceipt with { SubjectJson = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(patientReceipt.SubjectJson!).Replace("Rita", "Rina", StringComparison.Ordinal)) };
        Failed(Verifier.Value.Verify(changed, [key], null)).ShouldContain("the subject content matches the Provenance's commitment");

        var proof = patientReceipt.ProvenanceLeaf.InclusionProof.Select(h => h.ToArray()).ToList();
        if (proof.Count > 0)
        {
            proof[0][0] ^= 1;
        }

        var forged = patientReceipt with { ProvenanceLeaf = patientReceipt.ProvenanceLeaf with { InclusionProof = proof, Index = proof.Count > 0 ? patientReceipt.ProvenanceLeaf.Index : patientReceipt.ProvenanceLeaf.Index + 1 } };
        Failed(Verifier.Value.Verify(forged, [key], null)).ShouldContain("the Provenance leaf is in the checkpoint's tree");

        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var strangerKey = CheckpointPublicKey.FromSubjectPublicKeyInfo(key.KeyName, stranger.ExportSubjectPublicKeyInfo());
        Failed(Verifier.Value.Verify(patientReceipt, [strangerKey], null)).ShouldContain("the checkpoint is signed by a trusted key");

        var noConsistency = laterReceipt with { ConsistencyFrom = null, ConsistencyProof = [] };
        Failed(Verifier.Value.Verify(noConsistency, [key], oldCheckpoint)).ShouldContain("the log only grew since the trusted checkpoint");
    }

    [Fact]
    public async Task Erasure_removes_content_and_salt_but_the_record_still_verifies()
    {
        await using var server = await GatewayServer.StartAsync("--Gateway:AdminToken", "test-admin-token");
        var patientId = await CreateAsync(server, "Patient", """{"resourceType":"Patient","name":[{"family":"Forget","given":["Me"]}]}""");
        await server.WaitForQuietLedgerAsync();
        var before = await ReceiptAsync(server, $"Patient/{patientId}/_history/1");

        using (var refused = await server.Client.PostAsync($"Patient/{patientId}/$erase", null))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"Patient/{patientId}/$erase");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test-admin-token");
        using var erase = await server.Client.SendAsync(request);
        erase.StatusCode.ShouldBe(HttpStatusCode.OK, await erase.Content.ReadAsStringAsync());

        using (var read = await server.Client.GetAsync($"Patient/{patientId}"))
        {
            read.StatusCode.ShouldBe(HttpStatusCode.Gone);
        }

        using (var history = await server.Client.GetAsync($"Patient/{patientId}/_history/1"))
        {
            (await history.Content.ReadAsStringAsync()).ShouldNotContain("Forget");
        }

        await server.WaitForQuietLedgerAsync();
        var after = await ReceiptAsync(server, $"Patient/{patientId}/_history/1");
        var key = CheckpointPublicKey.FromPem(SignedNote.Parse(after.Checkpoint).Signatures[0].KeyName, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "ledger-signing-key.pem")));

        after.SubjectJson.ShouldBeNull();
        after.SubjectSalt.ShouldBeNull();
        after.ProvenanceLeaf.Data.ShouldBe(before.ProvenanceLeaf.Data);
        AllPass(Verifier.Value.Verify(after, [key], null));
        Encoding.UTF8.GetString(after.ToJson("http://x", DateTimeOffset.UnixEpoch)).ShouldNotContain("Forget");
    }

    [Fact]
    public async Task A_patients_consent_trail_is_complete_and_a_missing_version_is_detected()
    {
        await using var server = await GatewayServer.StartAsync();
        var patientId = await CreateAsync(server, "Patient", """{"resourceType":"Patient","name":[{"family":"Trail"}]}""");
        var consent = $$$"""{"resourceType":"Consent","status":"active","scope":{"text":"research"},"category":[{"text":"consent"}],"policyRule":{"text":"opt-in"},"patient":{"reference":"Patient/{{{patientId}}}"}}""";
        var first = await CreateAsync(server, "Consent", consent);
        await UpdateAsync(server, "Consent", first, consent.Replace("\"status\":\"active\"", $"\"id\":\"{first}\",\"status\":\"inactive\"", StringComparison.Ordinal));
        await CreateAsync(server, "Consent", consent.Replace("research", "treatment", StringComparison.Ordinal));
        await CreateAsync(server, "Patient", """{"resourceType":"Patient","name":[{"family":"Unrelated"}]}""");
        await server.WaitForQuietLedgerAsync();

        using var response = await server.Client.GetAsync($"Patient/{patientId}/$consent-trail");
        var body = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        var trail = ConsentTrail.Parse(body);
        var key = CheckpointPublicKey.ParseVerifierKey(trail.VerifierKeys[0]);

        trail.Links.Count.ShouldBe(3);
        trail.Links.Select(l => l.Subject).ShouldBe([
            trail.Links[0].Subject, $"Consent/{first}/_history/2", $"Consent/{first}/_history/1"]);
        AllPass(Verifier.Value.VerifyTrail(trail, [key]));

        var withGap = trail with { Links = [trail.Links[0], trail.Links[2]] };
        Failed(Verifier.Value.VerifyTrail(withGap, [key])).ShouldContain($"leaf {trail.Links[0].Leaf.Index} links to the next older leaf of the trail");

        using var none = await server.Client.GetAsync("Patient/no-such-patient/$consent-trail");
        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static void AllPass(IReadOnlyList<VerificationStep> steps)
    {
        steps.ShouldNotBeEmpty();
        steps.Where(s => !s.Passed).Select(s => $"{s.What}: {s.Detail}").ShouldBeEmpty();
    }

    private static List<string> Failed(IReadOnlyList<VerificationStep> steps) => steps.Where(s => !s.Passed).Select(s => s.What).ToList();

    private static async Task<LedgerReceipt> ReceiptAsync(GatewayServer server, string versionedReference, string query = "")
    {
        using var response = await server.Client.GetAsync($"{versionedReference}/$ledger-receipt{query}");
        var body = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        return LedgerReceipt.Parse(body);
    }

    private static async Task<string> CreateAsync(GatewayServer server, string type, string json)
    {
        using var response = await server.PostJsonAsync(type, json);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    private static async Task UpdateAsync(GatewayServer server, string type, string id, string json)
    {
        using var response = await server.PutJsonAsync($"{type}/{id}", json);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
