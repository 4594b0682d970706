using System.Threading.Channels;
using FhirChainGateway.Ledger.Log;
using Microsoft.Extensions.Hosting;

namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// Group commit for the sequencing stage: concurrent consumers each hand in one entry and wait; a
/// single loop sequences whatever has accumulated in one storage transaction and then releases all of
/// them. Each bus message is still acknowledged on its own, only after its entry is durable, and a bad
/// message faults alone instead of failing a whole batch.
/// </summary>
public sealed class GroupCommitSequencer(TransparencyLog log, IntegrationSignal integrationSignal, int maxBatch = 1000) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource> _watchers = new();

    /// <summary>
    /// Completes when an event with this id has been durably sequenced by this process. Register before the event
    /// is sent, so it cannot be missed; an in-process sender (the embedded gateway) awaits it before it counts the
    /// event as delivered, because its in-memory bus holds messages only in memory.
    /// </summary>
    public Task WhenSequencedAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var watcher = _watchers.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return watcher.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops watching an event (after a failed or abandoned send).</summary>
    public void StopWatching(Guid eventId) => _watchers.TryRemove(eventId, out _);

    /// <summary>Completes once the entry is durably sequenced (or was already), with its index.</summary>
    /// <exception cref="PoisonEventException">The entry can never be sequenced (for example a Consent leaf without a patient).</exception>
    public Task<SequencedEntry> SequenceAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            // Checked here, alone, because the batch below is atomic: one bad entry in it would fail (and
            // get redelivered) every message it was grouped with, over and over.
            LogSequencer.Prepare(entry);
        }
        catch (InvalidLogEntryException invalid)
        {
            throw new PoisonEventException(invalid.Message);
        }

        var pending = new Pending(entry, new TaskCompletionSource<SequencedEntry>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The ledger sequencer is stopped.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < maxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    var sequenced = await log.SequenceAsync(batch.Select(p => p.Entry).ToList(), stoppingToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Completion.TrySetResult(sequenced[i]);
                        if (_watchers.TryRemove(batch[i].Entry.EventId, out var watcher))
                        {
                            watcher.TrySetResult();
                        }
                    }

                    integrationSignal.Notify();
                }
                catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Nothing of the batch is acknowledged; the bus redelivers every message and idempotency absorbs repeats.
                    foreach (var pending in batch)
                    {
                        pending.Completion.TrySetException(failure);
                    }
                }

                batch.Clear();
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var pending in batch)
            {
                pending.Completion.TrySetCanceled(stoppingToken);
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Completion.TrySetCanceled(stoppingToken);
            }
        }
    }

    private sealed record Pending(LogEntry Entry, TaskCompletionSource<SequencedEntry> Completion);
}
