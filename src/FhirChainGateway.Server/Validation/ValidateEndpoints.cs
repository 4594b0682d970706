using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.Server.Http;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Validation;

/// <summary>
/// The <c>$validate</c> operation: <c>POST [type]/$validate</c> and <c>POST [type]/[id]/$validate</c>. The body is the
/// resource, or a Parameters resource with <c>resource</c> (and <c>profile</c>, <c>mode</c>); profiles may also come as
/// <c>?profile=</c>. Answers 200 with an OperationOutcome whatever the verdict (its issues carry the FHIRPath location
/// and, for the request body, the line and column); a body that cannot be parsed is reported the same way. At
/// instance level without a resource in the body, the stored current version is validated.
/// </summary>
public static class ValidateEndpoints
{
    public static IEndpointRouteBuilder MapValidateEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/{type}/$validate", (string type, HttpRequest request, ResourceTypes types, FhirCodec codec, DocumentValidator validator, IResourceStore store, CancellationToken cancellationToken) =>
            ValidateAsync(type, null, request, types, codec, validator, store, cancellationToken));
        app.MapPost("/{type}/{id}/$validate", (string type, string id, HttpRequest request, ResourceTypes types, FhirCodec codec, DocumentValidator validator, IResourceStore store, CancellationToken cancellationToken) =>
            ValidateAsync(type, id, request, types, codec, validator, store, cancellationToken));
        return app;
    }

    private static async Task<IResult> ValidateAsync(
        string type,
        string? id,
        HttpRequest request,
        ResourceTypes types,
        FhirCodec codec,
        DocumentValidator validator,
        IResourceStore store,
        CancellationToken cancellationToken)
    {
        types.Require(type);
        if (id is not null)
        {
            ResourceTypes.RequireValidId(id, type);
        }

        var profiles = request.Query["profile"].Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!).ToList();
        var body = request.ContentLength == 0 && id is not null ? [] : await RequestBody.ReadAsync(request, cancellationToken);
        ElementNode? resource = null;
        if (body.Length > 0)
        {
            ElementNode parsed;
            try
            {
                parsed = codec.Parse(body, request.ContentType);
            }
            catch (FhirException invalid) when (invalid.StatusCode == 400)
            {
                // The document is not FHIR: that is the validation result.
                return Outcome(invalid.Issues);
            }

            resource = parsed;
            if (parsed.InstanceType == "Parameters" && type != "Parameters" || parsed.InstanceType == "Parameters" && HasParameter(parsed, "resource"))
            {
                resource = ParameterResource(parsed);
                profiles.AddRange(ParameterStrings(parsed, "profile"));
            }
        }

        var fromStore = false;
        if (resource is null)
        {
            if (id is null)
            {
                throw FhirException.BadRequest("$validate needs the resource to validate: the body, or a Parameters resource with a 'resource' parameter.");
            }

            var current = await store.ReadCurrentAsync(type, id, cancellationToken) ?? throw FhirException.NotFound($"{type}/{id} is not known.");
            if (current.IsDeleted)
            {
                throw FhirException.Gone($"{type}/{id} was deleted (version {current.VersionId}).");
            }

            resource = codec.Parse(current.Json.ToArray());
            fromStore = true;
        }

        if (resource.InstanceType != type)
        {
            throw FhirException.BadRequest($"The resource is a {resource.InstanceType}, but this is the $validate operation of {type}.", resource.InstanceType);
        }

        var issues = validator.Validator.Validate(resource, profiles);
        if (!fromStore)
        {
            issues = FhirFormat.IsXmlContent(request.ContentType)
                ? SourceLocations.AttachXml(issues, System.Text.Encoding.UTF8.GetString(body), validator.Validator.Resources.Definitions)
                : SourceLocations.AttachJson(issues, body, validator.Validator.Resources.Definitions);
        }

        if (id is not null && resource.ChildText("id") is { } resourceId && resourceId != id)
        {
            issues = [.. issues, OperationOutcomeIssue.Warning("invariant", $"The resource's id '{resourceId}' differs from the id '{id}' in the URL.", type + ".id")];
        }

        return Outcome(issues);
    }

    private static IResult Outcome(IReadOnlyList<OperationOutcomeIssue> issues) => FhirResults.Json(OperationOutcomeWriter.ToUtf8(issues));

    private static bool HasParameter(ElementNode parameters, string name) =>
        parameters.ChildrenNamed("parameter").Any(p => p.ChildText("name") == name);

    private static ElementNode? ParameterResource(ElementNode parameters) =>
        parameters.ChildrenNamed("parameter").FirstOrDefault(p => p.ChildText("name") == "resource")?.FirstChild("resource");

    private static IEnumerable<string> ParameterStrings(ElementNode parameters, string name) =>
        parameters.ChildrenNamed("parameter")
            .Where(p => p.ChildText("name") == name)
            .Select(p => p.FirstChild("value")?.Text)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => v!);
}
