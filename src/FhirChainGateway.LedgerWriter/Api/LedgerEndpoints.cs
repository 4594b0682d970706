using FhirChainGateway.Ledger.Log;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FhirChainGateway.LedgerWriter.Api;

/// <summary>
/// The ledger's public API, served by whichever process hosts the ledger writer. <c>GET /ledger/checkpoint</c>
/// answers the C2SP signed note as text, or tree size, root and note as JSON when the client asks for JSON.
/// Entries, proofs and keys answer JSON (the records in <c>LedgerApiResponses.cs</c>); bad parameters answer
/// 400 and unknown leaves 404, as problem details.
/// </summary>
public static class LedgerEndpoints
{
    /// <summary>Largest page of <c>GET /ledger/entries</c>.</summary>
    public const int MaxEntriesPerPage = 1000;

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ledger/checkpoint", async (HttpRequest request, TransparencyLog log, CancellationToken cancellationToken) =>
        {
            var checkpoint = await log.GetCheckpointAsync(cancellationToken);
            if (checkpoint is null)
            {
                return LedgerProblems.NoCheckpoint();
            }

            return WantsJson(request)
                ? Results.Json(CheckpointResponse.From(checkpoint), LedgerApiJson.Options)
                : Results.Text(checkpoint.SignedNote, "text/plain; charset=utf-8");
        });
        app.MapGet("/ledger/entries", async (ulong? start, int? count, TransparencyLog log, CancellationToken cancellationToken) =>
        {
            var first = start ?? 0;
            var take = Math.Clamp(count ?? 100, 1, MaxEntriesPerPage);
            var head = await log.GetTreeHeadAsync(cancellationToken);
            var entries = first >= head.TreeSize
                ? []
                : await log.GetEntriesAsync(first, (int)Math.Min((ulong)take, head.TreeSize - first), cancellationToken);
            return Results.Json(
                new LedgerEntriesResponse(first, head.TreeSize, [.. entries.Select(LedgerEntryResponse.From)]),
                LedgerApiJson.Options);
        });
        app.MapGet("/ledger/proof/inclusion", LedgerProofEndpoints.InclusionAsync);
        app.MapGet("/ledger/proof/consistency", LedgerProofEndpoints.ConsistencyAsync);
        app.MapConsentChainEndpoint();
        app.MapGet("/ledger/keys", async (TransparencyLog log, CancellationToken cancellationToken) =>
        {
            var history = await log.Reader.GetKeyHistoryAsync(cancellationToken);
            return Results.Json(new LedgerKeysResponse(log.Origin, [.. history.Select(LedgerKeyResponse.From)]), LedgerApiJson.Options);
        });
        return app;
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Query["format"] == "json"
        || request.Headers.Accept.Any(a => a is not null && a.Contains("json", StringComparison.OrdinalIgnoreCase));
}
