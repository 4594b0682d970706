using FhirChainGateway.Ledger.Log;
using FhirChainGateway.LedgerWriter.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FhirChainGateway.LedgerWriter.Api;

/// <summary><c>GET /health</c> of the standalone writer: whether it is the active writer, and the log's size.</summary>
public static class LedgerHealthEndpoints
{
    public static IEndpointRouteBuilder MapLedgerWriterHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (TransparencyLog log, LedgerWriterState state, CancellationToken cancellationToken) =>
        {
            var head = await log.GetTreeHeadAsync(cancellationToken);
            return Results.Json(new { status = "ok", role = state.Active ? "active" : "standby", ledger = new { integratedSize = head.TreeSize } });
        });
        return app;
    }
}
