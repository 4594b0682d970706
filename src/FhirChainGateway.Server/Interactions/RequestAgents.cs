using FhirChainGateway.Server.Hosting;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// Names the client system behind a request for Provenance.agent. Until authentication exists every
/// request is the configured default agent; the seam is here so that authentication changes one class.
/// </summary>
public sealed class RequestAgents(IOptions<GatewayOptions> options)
{
    public RequestAgent Current(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.Identity.Name is { } name
            ? new RequestAgent(name)
            : new RequestAgent(options.Value.DefaultAgent);
}
