using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// The one database file behind <see cref="SqliteResourceStore"/> and <see cref="SqliteOutboxStore"/>.
/// Writes go through a single long-lived writer connection guarded by a semaphore: SQLite allows one
/// writer at a time anyway, and queueing in-process is cheaper and fairer than spinning on
/// <c>SQLITE_BUSY</c>. Each write is a <c>BEGIN IMMEDIATE</c> transaction so that another process on
/// the same file is serialized too. Reads use pooled connections of their own; with the write-ahead log
/// they see the last committed state and never wait for the writer.
/// </summary>
/// <remarks>Safe to share as a singleton; the schema is created or migrated on first use.</remarks>
public sealed class SqliteDatabase : IDisposable, IAsyncDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly string _fullPath;
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly string _readerPragmas;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private volatile bool _initialized;
    private volatile bool _disposed;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _fullPath = Path.GetFullPath(options.DatabasePath);

        _writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();
        _readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        // query_only guards against a read path ever writing outside the writer's transaction.
        _readerPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA query_only = 1; PRAGMA cache_size = -{options.CacheSizeKiB};");
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FullPath => _fullPath;

    private int BusyTimeoutMilliseconds => (int)_options.BusyTimeout.TotalMilliseconds;

    /// <summary>
    /// Opens the writer and creates or migrates the schema. Optional: every operation does it on
    /// first use; hosts call it at startup to fail fast on a bad path or a too-new file.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureWriterOpen();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside one <c>BEGIN IMMEDIATE</c> transaction on the writer and
    /// commits it; any exception rolls everything back.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteWriteScope, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = EnsureWriterOpen();
            using var transaction = writer.BeginTransaction(deferred: false);
            var result = work(new SqliteWriteScope(transaction, _statements, cancellationToken));
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A pooled read-only connection; the caller disposes it.</summary>
    internal async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Pooled connections keep these settings, but a fresh one has defaults; re-applying is cheap.
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _readerPragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private SqliteConnection EnsureWriterOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is not null)
        {
            return _writer;
        }

        var directory = Path.GetDirectoryName(_fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var writer = new SqliteConnection(_writerConnectionString);
        try
        {
            writer.Open();
            Execute(writer, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}"));

            var journalMode = Execute(writer, "PRAGMA journal_mode = WAL");
            if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused write-ahead logging for {_fullPath} (journal mode '{journalMode}').");
            }

            var synchronous = _options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
            Execute(writer, $"PRAGMA synchronous = {synchronous}");
            Execute(writer, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{_options.CacheSizeKiB}"));
            Execute(writer, "PRAGMA temp_store = MEMORY");
            SqliteSchema.Migrate(writer, _fullPath);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        _writer = writer;
        _initialized = true;
        return writer;
    }

    private static object? Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }

            _statements.Clear();

            // Pooled readers hold the file open; release them so closing the writer can checkpoint
            // the log and the file can be moved or deleted.
            using (var reader = new SqliteConnection(_readerConnectionString))
            {
                SqliteConnection.ClearPool(reader);
            }

            if (_writer is not null)
            {
                try
                {
                    // SQLite's advice for long-lived connections: refresh planner statistics on close.
                    Execute(_writer, "PRAGMA optimize");
                }
                finally
                {
                    _writer.Dispose();
                    _writer = null;
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
