using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using FhirChainGateway.Storage.Sqlite;
using FhirChainGateway.TestSupport;
using Microsoft.Data.Sqlite;
using static FhirChainGateway.Storage.Tests.StoreTestData;

namespace FhirChainGateway.Storage.Tests;

/// <summary>The shared contract on a real SQLite file, plus what only a file-based store has.</summary>
public sealed class SqliteResourceStoreTests : ResourceStoreContractTests
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteDatabase> _databases = [];

    private string DatabasePath => _directory.File("store/fhir.db");

    protected override Task<(IResourceStore Store, IOutboxStore Outbox)> CreateStoresAsync(TimeProvider clock)
    {
        var database = Open();
        return Task.FromResult<(IResourceStore, IOutboxStore)>((new SqliteResourceStore(database), new SqliteOutboxStore(database, clock)));
    }

    protected override async Task DisposeStoresAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Everything_committed_is_still_there_after_reopening_the_file()
    {
        var message = Message("Patient/p1", Now());
        await Store.CommitAsync(
            Batch([Write(WriteKind.Create, "Patient", "p1", 1, 0, Now(), "Patient/p1", [Identifier("42")])], message),
            CancellationToken.None);
        await Store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, Now(), "Patient/p1", [Identifier("43")], "second")), CancellationToken.None);
        var sent = Message("Patient/p1", Now());
        await Store.CommitAsync(new WriteBatch([], [sent]), CancellationToken.None);
        var sentSequence = (await Outbox.ReadPendingAsync(10, CancellationToken.None))[1].Sequence;
        await Outbox.MarkSentAsync([sentSequence], CancellationToken.None);
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        await using var reopened = new SqliteDatabase(new SqliteStoreOptions { DatabasePath = DatabasePath });
        var store = new SqliteResourceStore(reopened);
        var outbox = new SqliteOutboxStore(reopened, Clock);

        var current = await store.ReadCurrentAsync("Patient", "p1", CancellationToken.None);
        current!.VersionId.ShouldBe(2);
        Text(current).ShouldContain("second");
        (await store.ReadHistoryAsync("Patient", "p1", 10, null, CancellationToken.None)).Versions.Count.ShouldBe(2);
        var found = await store.SearchAsync(new SearchQuery("Patient", new TokenExpression("identifier", null, "43"), 10, null), CancellationToken.None);
        found.Resources.Single().Id.ShouldBe("p1");
        var pending = await outbox.ReadPendingAsync(10, CancellationToken.None);
        pending.Single().Message.MessageId.ShouldBe(message.MessageId);

        // Sequences continue after a restart rather than restarting from 1.
        await store.CommitAsync(new WriteBatch([], [Message("Patient/p1", Now())]), CancellationToken.None);
        (await outbox.ReadPendingAsync(10, CancellationToken.None)).Last().Sequence.ShouldBeGreaterThan(sentSequence);
    }

    [Fact]
    public async Task Opening_creates_the_schema_in_write_ahead_log_mode_and_records_its_version()
    {
        await ((SqliteResourceStore)Store).ReadCurrentAsync("Patient", "none", CancellationToken.None);

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        Scalar(connection, "PRAGMA journal_mode").ShouldBe("wal");
        Convert.ToInt64(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'"), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused()
    {
        var path = _directory.File("newer.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "PRAGMA user_version = 9999");
        }

        await using var database = new SqliteDatabase(new SqliteStoreOptions { DatabasePath = path });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => database.InitializeAsync(CancellationToken.None));
        error.Message.ShouldContain("9999");
    }

    [Fact]
    public async Task Two_databases_on_one_file_serialize_their_writers()
    {
        // A second SqliteDatabase stands in for another process (the CLI) writing the same file.
        var other = Open();
        var stores = new[] { Store, new SqliteResourceStore(other) };
        await Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "shared", 1, 0, Now())), CancellationToken.None);

        var tasks = stores.Select(store => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                while (true)
                {
                    var current = await store.ReadCurrentAsync("Patient", "shared", CancellationToken.None);
                    try
                    {
                        await store.CommitAsync(
                            Batch(Write(WriteKind.Update, "Patient", "shared", current!.VersionId + 1, current.VersionId, Clock.GetUtcNow())),
                            CancellationToken.None);
                        break;
                    }
                    catch (VersionConflictException)
                    {
                    }
                }
            }
        }));
        await Task.WhenAll(tasks);

        (await Store.ReadCurrentAsync("Patient", "shared", CancellationToken.None))!.VersionId.ShouldBe(41);
        (await Store.ReadHistoryAsync("Patient", "shared", 100, null, CancellationToken.None)).Versions.Count.ShouldBe(41);
    }

    [Fact]
    public async Task A_cancelled_commit_writes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(
            () => Store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, Now())), cancelled.Token));

        (await Store.ReadCurrentAsync("Patient", "p1", CancellationToken.None)).ShouldBeNull();
    }

    private SqliteDatabase Open()
    {
        var database = new SqliteDatabase(new SqliteStoreOptions { DatabasePath = DatabasePath });
        _databases.Add(database);
        return database;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
