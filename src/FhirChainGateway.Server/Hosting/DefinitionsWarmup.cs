using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Server.Hosting;

/// <summary>
/// Loads the FHIR definitions while the host starts, so the server only listens once it can answer,
/// and a missing or broken definitions install fails start-up instead of the first request.
/// </summary>
public sealed class DefinitionsWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<FhirDefinitions>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
