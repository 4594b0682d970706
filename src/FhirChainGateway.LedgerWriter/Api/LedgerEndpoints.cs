using System.Globalization;
using FhirChainGateway.Ledger.Log;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FhirChainGateway.LedgerWriter.Api;

/// <summary>
/// The ledger's public API, served by whichever process hosts the ledger writer. <c>GET /ledger/checkpoint</c>
/// answers the C2SP signed note as text, or tree size, root and note as JSON when the client asks for JSON.
/// </summary>
public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ledger/checkpoint", async (HttpRequest request, TransparencyLog log, CancellationToken cancellationToken) =>
        {
            var checkpoint = await log.GetCheckpointAsync(cancellationToken);
            if (checkpoint is null)
            {
                return Results.Problem("The ledger has not published a checkpoint yet.", statusCode: 503);
            }

            if (WantsJson(request))
            {
                return Results.Json(new
                {
                    treeSize = checkpoint.TreeSize,
                    rootHash = Convert.ToBase64String(checkpoint.RootHash),
                    publishedAt = checkpoint.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    checkpoint = checkpoint.SignedNote,
                });
            }

            return Results.Text(checkpoint.SignedNote, "text/plain; charset=utf-8");
        });
        app.MapGet("/ledger/entries", async (ulong? start, int? count, TransparencyLog log, CancellationToken cancellationToken) =>
        {
            var first = start ?? 0;
            var take = Math.Clamp(count ?? 100, 1, MaxEntriesPerPage);
            var head = await log.GetTreeHeadAsync(cancellationToken);
            if (first >= head.TreeSize)
            {
                return Results.Json(new { start = first, treeSize = head.TreeSize, entries = Array.Empty<object>() });
            }

            var entries = await log.GetEntriesAsync(first, (int)Math.Min((ulong)take, head.TreeSize - first), cancellationToken);
            return Results.Json(new
            {
                start = first,
                treeSize = head.TreeSize,
                entries = entries.Select(e => new
                {
                    index = e.Index,
                    eventId = e.EventId,
                    kind = e.Kind,
                    data = Convert.ToBase64String(e.Data),
                    leafHash = Convert.ToBase64String(e.LeafHash),
                }),
            });
        });
        return app;
    }

    /// <summary>Largest page of <c>GET /ledger/entries</c>.</summary>
    public const int MaxEntriesPerPage = 1000;

    private static bool WantsJson(HttpRequest request) =>
        request.Query["format"] == "json"
        || request.Headers.Accept.Any(a => a is not null && a.Contains("json", StringComparison.OrdinalIgnoreCase));
}
