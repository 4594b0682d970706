using Microsoft.Azure.Cosmos;
using Polly;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Sends one Cosmos request through the resilience pipeline and records the charge of every attempt.
/// Callers pass a factory, not a request: each retry builds a fresh request body stream.
/// </summary>
internal sealed class CosmosRequestExecutor(ResiliencePipeline<ResponseMessage> pipeline, CosmosRequestCharges charges)
{
    public CosmosRequestCharges Charges { get; } = charges;

    public ValueTask<ResponseMessage> SendAsync(
        string operation, Func<CancellationToken, Task<ResponseMessage>> send, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(
            async token =>
            {
                try
                {
                    var response = await send(token).ConfigureAwait(false);
                    Charges.Record(operation, (int)response.StatusCode, response.Headers.RequestCharge);
                    return response;
                }
                catch (CosmosException exception)
                {
                    Charges.Record(operation, (int)exception.StatusCode, exception.RequestCharge);
                    throw;
                }
            },
            cancellationToken);
}
