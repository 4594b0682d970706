namespace FhirChainGateway.Storage.Sqlite;

/// <summary>Settings of the SQLite resource store and outbox (one database file holds both).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// The database file. Default <c>data/fhir.db</c>; a relative path resolves against the process's
    /// current directory, and a missing parent folder is created on open.
    /// </summary>
    public string DatabasePath { get; set; } = "data/fhir.db";

    /// <summary>
    /// How long a statement waits for a lock held by another connection or process before failing
    /// (SQLite <c>busy_timeout</c>). Default 10 seconds: long enough to ride out a large transaction
    /// Bundle committed by another process, short enough that a stuck writer surfaces as an error.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SQLite <c>synchronous</c> setting of the writer. Default <see cref="SqliteSynchronousMode.Full"/>:
    /// the outbox relay publishes ledger events as soon as a commit returns, so a commit must survive a
    /// power loss; <see cref="SqliteSynchronousMode.Normal"/> is faster but may lose the last commits.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// Page cache of each connection in KiB (SQLite <c>cache_size</c>). Default 16384 (16 MiB), enough
    /// to keep the indexes touched by a Synthea-sized transaction Bundle in memory.
    /// </summary>
    public int CacheSizeKiB { get; set; } = 16 * 1024;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new InvalidOperationException($"{nameof(SqliteStoreOptions)}.{nameof(DatabasePath)} must name a file.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new InvalidOperationException($"{nameof(SqliteStoreOptions)}.{nameof(BusyTimeout)} must be positive and below 24 days.");
        }

        if (CacheSizeKiB <= 0)
        {
            throw new InvalidOperationException($"{nameof(SqliteStoreOptions)}.{nameof(CacheSizeKiB)} must be positive.");
        }
    }
}
