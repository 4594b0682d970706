using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.LedgerWriter.Api;

namespace FhirChainGateway.Server.Ledger;

/// <summary>The ledger of an external writer, read through its HTTP API (<c>Gateway:LedgerUrl</c>).</summary>
public sealed class HttpLedgerClient(HttpClient http) : ILedgerClient
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public async Task<LedgerEntryProof?> GetEntryProofAsync(Guid eventId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"ledger/proof/inclusion?eventId={eventId:D}", cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.ServiceUnavailable)
        {
            // Not sequenced, not yet covered by a checkpoint, or no checkpoint at all: "not yet".
            return null;
        }

        var proof = await ReadAsync<InclusionProofResponse>(response, cancellationToken);
        return new LedgerEntryProof(proof.LeafIndex, proof.Entry.Kind, proof.Entry.Data, proof.TreeSize, proof.Hashes, proof.Checkpoint
            ?? throw Unavailable("the ledger answered a proof without its checkpoint"));
    }

    public async Task<ConsentChainProof?> GetConsentChainAsync(string patientPseudonym, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"ledger/consent-chain?patient={Uri.EscapeDataString(patientPseudonym)}", cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        var chain = await ReadAsync<ConsentChainResponse>(response, cancellationToken);
        return new ConsentChainProof(
            chain.TreeSize,
            chain.Checkpoint,
            chain.Leaves.Select(l => new LedgerEntryProof(l.LeafIndex, l.Entry.Kind, l.Entry.Data, l.TreeSize, l.Hashes, chain.Checkpoint)).ToList());
    }

    public async Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong fromSize, ulong toSize, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(string.Create(CultureInfo.InvariantCulture, $"ledger/proof/consistency?from={fromSize}&to={toSize}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw FhirException.BadRequest($"The ledger cannot prove consistency from {fromSize} to {toSize}.");
        }

        return (await ReadAsync<ConsistencyProofResponse>(response, cancellationToken)).Hashes;
    }

    public async Task<IReadOnlyList<string>> GetVerifierKeysAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("ledger/keys", cancellationToken);
        return (await ReadAsync<LedgerKeysResponse>(response, cancellationToken)).Keys.Select(k => k.VerifierKey).ToList();
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(path, cancellationToken);
        }
        catch (HttpRequestException failure)
        {
            throw Unavailable(failure.Message);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw Unavailable($"HTTP {(int)response.StatusCode}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) ?? throw Unavailable("an empty answer");
    }

    private static FhirException Unavailable(string why) =>
        new(503, OperationOutcomeIssue.Error("transient", $"The ledger service is unavailable ({why}); retry later."));
}
