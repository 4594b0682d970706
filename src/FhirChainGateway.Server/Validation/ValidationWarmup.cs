using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Server.Validation;

/// <summary>
/// Builds the validation resources at start-up (configured packages loaded, required profiles checked) rather than
/// on the first write, so a bad configuration stops the gateway at once and the first request is not slow.
/// </summary>
internal sealed class ValidationWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ValidationResources>();
        services.GetRequiredService<IResourceValidator>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
