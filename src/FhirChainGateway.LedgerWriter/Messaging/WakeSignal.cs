namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// Wakes one background loop early: producers call <see cref="Notify"/> after handing it work, the loop waits with
/// a timeout so it still polls. Notifications coalesce: many before one wait make one wake-up.
/// </summary>
public class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another producer signalled first; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}
