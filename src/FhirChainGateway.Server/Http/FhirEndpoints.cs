using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Server.Hosting;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Server.Metadata;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Http;

/// <summary>The FHIR REST interactions of the gateway, mapped at the server base.</summary>
public static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metadata", (CapabilityStatementBuilder capability, HttpRequest request) =>
            FhirResults.Json(capability.Build(BaseUrl(request))));
        app.MapPost("/", ProcessBundleAsync);
        app.MapGet("/{type}", SearchAsync);
        app.MapPost("/{type}", CreateAsync);
        app.MapGet("/{type}/{id}", ReadAsync);
        app.MapPut("/{type}/{id}", UpdateAsync);
        app.MapDelete("/{type}/{id}", DeleteAsync);
        app.MapGet("/{type}/{id}/_history", HistoryAsync);
        app.MapGet("/{type}/{id}/_history/{versionId}", VReadAsync);
        return app;
    }

    public static string BaseUrl(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.PublicBaseUrl;
        return configured?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    private static async Task<IResult> ProcessBundleAsync(HttpRequest request, FhirCodec codec, BundleProcessor processor, RequestAgents agents, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        var bundle = codec.Parse(body, request.ContentType);
        if (bundle.InstanceType != "Bundle")
        {
            throw FhirException.BadRequest($"POST to the server base takes a Bundle, not a {bundle.InstanceType}.", bundle.InstanceType);
        }

        var response = await processor.ProcessAsync(bundle, agents.Current(request.HttpContext), BaseUrl(request), cancellationToken);
        return FhirResults.Json(response);
    }

    private static async Task<IResult> CreateAsync(string type, HttpRequest request, FhirCodec codec, ResourceTypes types, InteractionEngine engine, RequestAgents agents, CancellationToken cancellationToken)
    {
        types.Require(type);
        var resource = codec.Parse(await RequestBody.ReadAsync(request, cancellationToken), request.ContentType);
        var entry = new EntryRequest(0, type, "POST", type, null, resource, NullIfEmpty(request.Headers["If-None-Exist"]), null);
        var outcome = (await engine.ExecuteAtomicAsync([entry], agents.Current(request.HttpContext), cancellationToken))[0];
        return FhirResults.Resource(outcome, BaseUrl(request), request);
    }

    private static async Task<IResult> UpdateAsync(string type, string id, HttpRequest request, FhirCodec codec, ResourceTypes types, InteractionEngine engine, RequestAgents agents, CancellationToken cancellationToken)
    {
        types.Require(type);
        var resource = codec.Parse(await RequestBody.ReadAsync(request, cancellationToken), request.ContentType);
        var entry = new EntryRequest(0, type, "PUT", $"{type}/{id}", null, resource, null, NullIfEmpty(request.Headers.IfMatch));
        var outcome = (await engine.ExecuteAtomicAsync([entry], agents.Current(request.HttpContext), cancellationToken))[0];
        return FhirResults.Resource(outcome, BaseUrl(request), request);
    }

    private static async Task<IResult> DeleteAsync(string type, string id, HttpRequest request, ResourceTypes types, InteractionEngine engine, RequestAgents agents, CancellationToken cancellationToken)
    {
        types.Require(type);
        var entry = new EntryRequest(0, type, "DELETE", $"{type}/{id}", null, null, null, NullIfEmpty(request.Headers.IfMatch));
        var outcome = (await engine.ExecuteAtomicAsync([entry], agents.Current(request.HttpContext), cancellationToken))[0];
        if (outcome.VersionId is { } version)
        {
            request.HttpContext.Response.Headers.ETag = VersionTag.Format(version);
        }

        return Results.StatusCode(204);
    }

    private static async Task<IResult> ReadAsync(string type, string id, HttpRequest request, ResourceTypes types, IResourceStore store, CancellationToken cancellationToken)
    {
        types.Require(type);
        ResourceTypes.RequireValidId(id, type);
        var current = await store.ReadCurrentAsync(type, id, cancellationToken)
            ?? throw FhirException.NotFound($"{type}/{id} is not known.");
        if (current.IsDeleted)
        {
            request.HttpContext.Response.Headers.ETag = VersionTag.Format(current.VersionId);
            throw FhirException.Gone($"{type}/{id} was deleted (version {current.VersionId}).");
        }

        return FhirResults.Version(current, request);
    }

    private static async Task<IResult> VReadAsync(string type, string id, string versionId, HttpRequest request, ResourceTypes types, IResourceStore store, CancellationToken cancellationToken)
    {
        types.Require(type);
        ResourceTypes.RequireValidId(id, type);
        if (!long.TryParse(versionId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw FhirException.BadRequest($"'{versionId}' is not a version id.");
        }

        var stored = await store.ReadVersionAsync(type, id, version, cancellationToken)
            ?? throw FhirException.NotFound($"{type}/{id} has no version {version}.");
        if (stored.IsDeleted)
        {
            throw FhirException.Gone($"Version {version} of {type}/{id} is a deletion.");
        }

        return FhirResults.Version(stored, request);
    }

    private static async Task<IResult> HistoryAsync(string type, string id, HttpRequest request, ResourceTypes types, IResourceStore store, IOptions<GatewayOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        types.Require(type);
        ResourceTypes.RequireValidId(id, type);
        var count = PageSize(request, options.Value);
        var page = await store.ReadHistoryAsync(type, id, count, NullIfEmpty(request.Query["_page"]), cancellationToken);
        if (page.Versions.Count == 0 && request.Query["_page"].Count == 0)
        {
            throw FhirException.NotFound($"{type}/{id} is not known.");
        }

        var baseUrl = BaseUrl(request);
        var self = $"{baseUrl}/{type}/{id}/_history{request.QueryString}";
        var next = page.ContinuationToken is null ? null : $"{baseUrl}/{type}/{id}/_history?_count={count}&_page={Uri.EscapeDataString(page.ContinuationToken)}";
        return FhirResults.Json(BundleJson.History(page.Versions, baseUrl, self, next, timeProvider));
    }

    private static async Task<IResult> SearchAsync(string type, HttpRequest request, ResourceTypes types, IResourceStore store, IOptions<GatewayOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        types.Require(type);
        var count = PageSize(request, options.Value);
        var parameters = request.Query
            .Where(q => !q.Key.StartsWith('_') || q.Key == "_id")
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? string.Empty)))
            .ToList();
        var where = parameters.Count == 0 ? null : ConditionalQuery.Parse(string.Join('&', parameters), "Search");
        var page = await store.SearchAsync(new SearchQuery(type, where, count, NullIfEmpty(request.Query["_page"])), cancellationToken);
        var baseUrl = BaseUrl(request);
        var self = $"{baseUrl}/{type}{request.QueryString}";
        string? next = null;
        if (page.ContinuationToken is not null)
        {
            var query = string.Join('&', parameters.Append($"_count={count}").Append("_page=" + Uri.EscapeDataString(page.ContinuationToken)));
            next = $"{baseUrl}/{type}?{query}";
        }

        return FhirResults.Json(BundleJson.SearchSet(page.Resources, baseUrl, self, next, timeProvider));
    }

    private static int PageSize(HttpRequest request, GatewayOptions options)
    {
        var text = request.Query["_count"].ToString();
        if (text.Length == 0)
        {
            return options.DefaultPageSize;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw FhirException.BadRequest($"_count '{text}' is not a positive integer.");
        }

        return Math.Min(count, options.MaxPageSize);
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 || string.IsNullOrWhiteSpace(values[0]) ? null : values[0];
}
