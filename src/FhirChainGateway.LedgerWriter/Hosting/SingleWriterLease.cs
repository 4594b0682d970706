namespace FhirChainGateway.LedgerWriter.Hosting;

/// <summary>
/// Makes sure exactly one ledger writer is active per ledger: an exclusive lock on
/// <c>{DataDirectory}/ledger.lock</c>, held for the life of the process. A second instance waits as a
/// standby and takes over when the first one's process ends (the OS releases the lock even on kill -9).
/// </summary>
/// <remarks>
/// The lock lives beside the ledger database, so it covers every process that can write that database.
/// A deployment whose writers do not share a volume needs a lease in its shared store instead.
/// </remarks>
public sealed class SingleWriterLease(string lockFile, TimeProvider timeProvider) : IDisposable
{
    private FileStream? _lock;

    public bool IsHeld => _lock is not null;

    /// <summary>Waits until this process holds the lease.</summary>
    public async Task AcquireAsync(TimeSpan retryInterval, CancellationToken cancellationToken)
    {
        while (!TryAcquire())
        {
            await Task.Delay(retryInterval, timeProvider, cancellationToken);
        }
    }

    public bool TryAcquire()
    {
        if (_lock is not null)
        {
            return true;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);

            // FileShare.None takes an exclusive advisory lock (flock) on Unix, released by the kernel when the process dies.
            _lock = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            _lock.SetLength(0);
            using var writer = new StreamWriter(_lock, leaveOpen: true);
            writer.Write(Environment.ProcessId);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
