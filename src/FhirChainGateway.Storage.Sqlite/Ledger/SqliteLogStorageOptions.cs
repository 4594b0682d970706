namespace FhirChainGateway.Storage.Sqlite.Ledger;

/// <summary>Settings of <see cref="SqliteLogStorage"/>.</summary>
public sealed class SqliteLogStorageOptions
{
    /// <summary>The ledger's own database file; never the resource store's file.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>How long a statement waits for another process's write lock before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>SQLite page cache per connection, in KiB; the event-id and leaf-hash indexes are random-access.</summary>
    public int CacheSizeKiB { get; init; } = 64 * 1024;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "The busy timeout must be non-negative and fit in an int of milliseconds.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CacheSizeKiB);
    }
}
