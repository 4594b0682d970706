using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Server.Hosting;
using FhirChainGateway.Server.Http;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Storage.Resources;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Ledger;

/// <summary>
/// FHIR operations around the ledger: <c>$ledger-receipt</c> on a resource version (evidence for offline
/// verification) and the administrative <c>$erase</c> (GDPR Art. 17).
/// </summary>
public static class LedgerOperationEndpoints
{
    public static IEndpointRouteBuilder MapLedgerOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{type}/{id}/_history/{versionId}/$ledger-receipt", ReceiptAsync);
        app.MapPost("/{type}/{id}/$erase", EraseAsync);
        app.MapGet("/Patient/{id}/$consent-trail", async (string id, HttpRequest request, ReceiptService receipts, CancellationToken cancellationToken) =>
        {
            ResourceTypes.RequireValidId(id, "Patient");
            return FhirResults.Json(await receipts.BuildConsentTrailAsync(id, FhirEndpoints.BaseUrl(request), cancellationToken));
        });
        return app;
    }

    private static async Task<IResult> ReceiptAsync(string type, string id, string versionId, HttpRequest request, ResourceTypes types, ReceiptService receipts, CancellationToken cancellationToken)
    {
        types.Require(type);
        ResourceTypes.RequireValidId(id, type);
        if (!long.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw FhirException.BadRequest($"'{versionId}' is not a version id.");
        }

        ulong? consistencyFrom = null;
        if (request.Query["consistencyFrom"].ToString() is { Length: > 0 } from)
        {
            consistencyFrom = ulong.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                ? size
                : throw FhirException.BadRequest($"consistencyFrom '{from}' is not a tree size.");
        }

        return FhirResults.Json(await receipts.BuildAsync(type, id, version, consistencyFrom, FhirEndpoints.BaseUrl(request), cancellationToken));
    }

    private static async Task<IResult> EraseAsync(
        string type,
        string id,
        HttpRequest request,
        ResourceTypes types,
        IResourceErasure erasure,
        WritePipeline pipeline,
        RequestAgents agents,
        IOptions<GatewayOptions> options,
        CancellationToken cancellationToken)
    {
        RequireAdministrator(request, options.Value);
        types.Require(type);
        ResourceTypes.RequireValidId(id, type);
        var erased = await pipeline.EraseAsync(erasure, type, id, agents.Current(request.HttpContext), cancellationToken);
        if (erased.Count == 0)
        {
            throw FhirException.NotFound($"{type}/{id} is not known or already erased.");
        }

        var message = $"Erased content and commitment salts of {type}/{id} versions {string.Join(", ", erased)}; their ledger leaves remain valid and can no longer be linked to content.";
        return FhirResults.Json(OperationOutcomeJson.ToUtf8([OperationOutcomeIssue.Information("informational", message)]));
    }

    /// <summary>Erasure is an administrative operation: without a configured admin token it is disabled.</summary>
    private static void RequireAdministrator(HttpRequest request, GatewayOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminToken))
        {
            throw new FhirException(403, OperationOutcomeIssue.Error("forbidden", "Erasure is disabled: set Gateway:AdminToken to enable administrative operations."));
        }

        var header = request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : string.Empty;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.AdminToken)))
        {
            throw new FhirException(403, OperationOutcomeIssue.Error("forbidden", "Erasure needs the administrator's bearer token."));
        }
    }
}
