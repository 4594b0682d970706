using FhirChainGateway.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// Sends provenance events to the ledger queue. Sending to the queue (rather than publishing to an
/// exchange) makes the broker declare the durable queue on first use, so events wait there even when no
/// writer has ever started; with RabbitMQ the send completes only after the broker's publisher confirm.
/// </summary>
public sealed class LedgerEventSender(ISendEndpointProvider sendEndpoints, IOptions<MessagingOptions> options)
{
    private readonly Uri _queue = new("queue:" + options.Value.LedgerQueue);
    private ISendEndpoint? _endpoint;

    public async Task SendAsync(ProvenanceRecorded message, CancellationToken cancellationToken)
    {
        _endpoint ??= await sendEndpoints.GetSendEndpoint(_queue);
        await _endpoint.Send(message, cancellationToken);
    }
}
