using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Storage.Outbox;

namespace FhirChainGateway.Server.Hosting;

/// <summary><c>GET /health</c>: liveness plus the numbers an operator looks at first (outbox depth, ledger size).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (IOutboxStore outbox, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var pending = await outbox.CountPendingAsync(cancellationToken);

            // Only an embedded ledger writer is in this process; an external one reports on its own /health.
            var log = services.GetService<TransparencyLog>();
            var ledgerSize = log is null ? (ulong?)null : (await log.GetTreeHeadAsync(cancellationToken)).TreeSize;
            return Results.Json(new
            {
                status = "ok",
                outbox = new { pending },
                ledger = new { embedded = log is not null, integratedSize = ledgerSize },
            });
        });
        return app;
    }
}
