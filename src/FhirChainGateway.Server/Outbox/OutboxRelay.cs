using System.Text.Json;
using FhirChainGateway.Contracts;
using FhirChainGateway.LedgerWriter.Messaging;
using FhirChainGateway.Storage.Outbox;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace FhirChainGateway.Server.Outbox;

/// <summary>
/// Moves committed outbox messages to the bus and marks them sent. Writes never wait for it: while
/// the broker is down messages stay in the outbox and the relay retries with exponential backoff.
/// </summary>
/// <remarks>
/// Order: messages of one ordering key (a patient compartment) are sent one after the other, each
/// only after the previous one was confirmed by the broker, and a key stops at its first failure, so
/// a patient's events reach the ledger in commit order. Different keys are relayed concurrently.
/// A message is marked sent only after its send completed, so a crash in between re-sends it and the
/// ledger writer's idempotency (by event id) absorbs the duplicate.
/// </remarks>
public sealed partial class OutboxRelay : BackgroundService
{
    private readonly IOutboxStore _outbox;
    private readonly LedgerEventSender _sender;
    private readonly OutboxSignal _signal;
    private readonly OutboxRelayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly ResiliencePipeline _sendPipeline;
    private readonly OutboxMetrics _metrics;
    private readonly IDeliveryConfirmation? _confirmation;

    public OutboxRelay(
        IOutboxStore outbox,
        LedgerEventSender sender,
        OutboxSignal signal,
        OutboxMetrics metrics,
        IOptions<OutboxRelayOptions> options,
        TimeProvider timeProvider,
        ILogger<OutboxRelay> logger,
        IDeliveryConfirmation? confirmation = null)
    {
        _outbox = outbox;
        _metrics = metrics;
        _confirmation = confirmation;
        _sender = sender;
        _signal = signal;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _sendPipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException and not PoisonOutboxMessageException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.InitialRetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                MaxRetryAttempts = _options.SendAttempts - 1,
                OnRetry = arguments =>
                {
                    LogSendRetry(_logger, arguments.Outcome.Exception, arguments.AttemptNumber + 1, arguments.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.SendTimeout)
            .Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = _options.InitialRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            RelayResult result;
            try
            {
                result = await RelayOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRelayFailed(_logger, exception, pause);
                result = new RelayResult(0, Failed: true);
            }

            try
            {
                if (result.Failed)
                {
                    // The broker is still unavailable after the pipeline's retries: back off before the next round.
                    await Task.Delay(pause, _timeProvider, stoppingToken);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.MaxRetryDelay.Ticks));
                }
                else
                {
                    pause = _options.InitialRetryDelay;
                    if (result.Sent < _options.BatchSize)
                    {
                        await _signal.WaitAsync(_options.PollInterval, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Relays one batch of pending messages.</summary>
    public async Task<RelayResult> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var pending = await _outbox.ReadPendingAsync(_options.BatchSize, cancellationToken);
        if (pending.Count < _options.BatchSize)
        {
            _metrics.SetPending(pending.Count);
        }

        if (pending.Count == 0)
        {
            return new RelayResult(0, Failed: false);
        }

        var sent = new List<long>(pending.Count);
        var failed = false;
        var byKey = pending.GroupBy(p => p.Message.OrderingKey).ToList();
        await Parallel.ForEachAsync(
            byKey,
            new ParallelOptions { MaxDegreeOfParallelism = _options.ConcurrentKeys, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                foreach (var message in group)
                {
                    try
                    {
                        await _sendPipeline.ExecuteAsync(async t => await SendAsync(message.Message, t), token);
                        lock (sent)
                        {
                            sent.Add(message.Sequence);
                        }
                    }
                    catch (PoisonOutboxMessageException poison)
                    {
                        // Not sendable now or ever: record why and move on, the row stays for an operator.
                        LogPoison(_logger, message.Sequence, poison.Message);
                        await _outbox.RecordFailedAttemptAsync(message.Sequence, poison.Message, CancellationToken.None);
                        break;
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        await _outbox.RecordFailedAttemptAsync(message.Sequence, exception.GetType().Name + ": " + exception.Message, CancellationToken.None);
                        _metrics.Failed();
                        failed = true;
                        break;
                    }
                }
            });

        if (sent.Count > 0)
        {
            await _outbox.MarkSentAsync(sent, CancellationToken.None);
            _metrics.Sent(sent.Count);
        }

        if (pending.Count == _options.BatchSize || failed)
        {
            _metrics.SetPending(await _outbox.CountPendingAsync(cancellationToken));
        }

        return new RelayResult(sent.Count, failed);
    }

    private Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.MessageType != nameof(ProvenanceRecorded))
        {
            throw new PoisonOutboxMessageException($"Outbox message {message.MessageId} has unknown type {message.MessageType}.");
        }

        ProvenanceRecorded? recorded;
        try
        {
            recorded = JsonSerializer.Deserialize<ProvenanceRecorded>(message.Payload.Span);
        }
        catch (JsonException exception)
        {
            throw new PoisonOutboxMessageException($"Outbox message {message.MessageId} does not deserialize: {exception.Message}");
        }

        return SendConfirmedAsync(recorded ?? throw new PoisonOutboxMessageException($"Outbox message {message.MessageId} is empty."), cancellationToken);
    }

    /// <summary>Sends, and where the transport's "sent" is not durable, waits until the ledger sequenced the event.</summary>
    private async Task SendConfirmedAsync(ProvenanceRecorded recorded, CancellationToken cancellationToken)
    {
        if (_confirmation is null)
        {
            await _sender.SendAsync(recorded, cancellationToken);
            return;
        }

        var sequenced = _confirmation.ExpectAsync(recorded.EventId, cancellationToken);
        try
        {
            await _sender.SendAsync(recorded, cancellationToken);
            await sequenced;
        }
        catch
        {
            _confirmation.Forget(recorded.EventId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay round failed; next round in {Delay}")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox send failed; attempt {Attempt} in {Delay}")]
    private static partial void LogSendRetry(ILogger logger, Exception? exception, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Sequence} cannot be relayed: {Reason}")]
    private static partial void LogPoison(ILogger logger, long sequence, string reason);
}

/// <summary>What one relay round did.</summary>
public readonly record struct RelayResult(int Sent, bool Failed);

/// <summary>An outbox row that can never be sent (unknown type, unreadable payload).</summary>
public sealed class PoisonOutboxMessageException(string message) : Exception(message);
