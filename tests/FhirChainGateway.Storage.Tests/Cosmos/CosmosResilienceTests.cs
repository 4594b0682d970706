using System.Diagnostics;
using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Resources;
using Microsoft.Azure.Cosmos;
using static FhirChainGateway.Storage.Tests.StoreTestData;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>Throttling, unavailability and slow requests, injected between the SDK and the server.</summary>
[CosmosTest]
[Collection(CosmosCollection.Name)]
public sealed class CosmosResilienceTests(CosmosTestServer server) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FaultInjectingHandler _handler = new();
    private CosmosClient? _client;

    [Fact]
    public async Task Throttled_requests_are_retried_after_the_retry_after_the_server_asks_for()
    {
        var throttled = 0;
        _handler.Fault = (request, _) => Task.FromResult(
            FaultInjectingHandler.IsCreate(request) && Interlocked.Increment(ref throttled) <= 2
                ? FaultInjectingHandler.Throttled(TimeSpan.FromMilliseconds(300))
                : null);
        await using var test = new CosmosTestDatabase(server, client: Client());
        var store = new CosmosResourceStore(test.Open());
        await test.Open().InitializeAsync(None);

        var elapsed = Stopwatch.StartNew();
        await store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0)), None);
        elapsed.Stop();

        throttled.ShouldBeGreaterThan(2);
        elapsed.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(550));
        (await store.ReadCurrentAsync("Patient", "p1", None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Throttling_beyond_the_retry_budget_fails_the_commit_and_writes_nothing()
    {
        var attempts = 0;
        await using var test = new CosmosTestDatabase(server, options => options.MaxRetryAttempts = 2, Client());
        var store = new CosmosResourceStore(test.Open());
        await test.Open().InitializeAsync(None);
        _handler.Fault = (request, _) =>
        {
            if (!FaultInjectingHandler.IsCreate(request))
            {
                return Task.FromResult<HttpResponseMessage?>(null);
            }

            Interlocked.Increment(ref attempts);
            return Task.FromResult<HttpResponseMessage?>(FaultInjectingHandler.Throttled(TimeSpan.FromMilliseconds(20)));
        };

        var failure = await Should.ThrowAsync<CosmosException>(
            () => store.CommitAsync(Batch([Write(WriteKind.Create, "Patient", "p1", 1, 0, T0)], Message("Patient/p1", T0)), None));

        failure.StatusCode.ShouldBe(System.Net.HttpStatusCode.TooManyRequests);
        attempts.ShouldBe(3);
        _handler.Fault = null;
        (await store.ReadCurrentAsync("Patient", "p1", None)).ShouldBeNull();
        (await new CosmosOutboxStore(test.Open(), TimeProvider.System).CountPendingAsync(None)).ShouldBe(0);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_commit_rolls_the_batch_back()
    {
        await using var test = new CosmosTestDatabase(server, options => options.MaxRetryAttempts = 1, Client());
        var store = new CosmosResourceStore(test.Open());
        await store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0, "Patient/p1")), None);

        // Creates in p1's partition fail: that is its version 2 (its head is replaced, not created), so the
        // record, both locks and p2's staged documents are in place by then.
        _handler.Fault = (request, _) => Task.FromResult(
            FaultInjectingHandler.IsCreate(request) && request.Headers.TryGetValues("x-ms-documentdb-partitionkey", out var keys) && keys.Single() == "[\"Patient/p1\"]"
                ? FaultInjectingHandler.Unavailable()
                : null);

        await Should.ThrowAsync<CosmosException>(() => store.CommitAsync(
            Batch([Write(WriteKind.Update, "Patient", "p1", 2, 1, T0, "Patient/p1"), Write(WriteKind.Create, "Patient", "p2", 1, 0, T0, "Patient/p2")], Message("Patient/p1", T0)),
            None));

        _handler.Fault = null;
        (await store.ReadCurrentAsync("Patient", "p1", None))!.VersionId.ShouldBe(1);
        (await store.ReadCurrentAsync("Patient", "p2", None)).ShouldBeNull();
        (await new CosmosOutboxStore(test.Open(), TimeProvider.System).CountPendingAsync(None)).ShouldBe(0);
        (await store.RecoverAsync(None)).ShouldBe(new CosmosRecoveryReport(0, 0, 0, 0));

        // Nothing is left locked.
        await store.CommitAsync(Batch(Write(WriteKind.Update, "Patient", "p1", 2, 1, T0, "Patient/p1")), None);
    }

    [Fact]
    public async Task Unavailable_and_slow_reads_are_retried_within_the_timeouts()
    {
        await using var test = new CosmosTestDatabase(
            server,
            options =>
            {
                options.RequestTimeout = TimeSpan.FromMilliseconds(500);
                options.OperationTimeout = TimeSpan.FromSeconds(10);
            },
            Client());
        var store = new CosmosResourceStore(test.Open());
        await store.CommitAsync(Batch(Write(WriteKind.Create, "Patient", "p1", 1, 0, T0)), None);
        var reads = 0;
        _handler.Fault = async (request, cancellationToken) =>
        {
            if (!FaultInjectingHandler.IsPointRead(request))
            {
                return null;
            }

            switch (Interlocked.Increment(ref reads))
            {
                case 1:
                    return FaultInjectingHandler.Unavailable();
                case 2:
                    // Hangs until the per-attempt timeout cancels it.
                    await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                    return null;
                default:
                    return null;
            }
        };

        var elapsed = Stopwatch.StartNew();
        var current = await store.ReadCurrentAsync("Patient", "p1", None);

        current!.VersionId.ShouldBe(1);
        reads.ShouldBeGreaterThanOrEqualTo(3);
        elapsed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        _client?.Dispose();
        _handler.Dispose();
    }

    /// <summary>A client of its own whose HTTP handler injects the faults (the shared one stays healthy for clean-up).</summary>
    private CosmosClient Client()
    {
        var options = server.Options;
        var clientOptions = CosmosStoreDatabase.CreateClientOptions(options, client => client.HttpClientFactory = () => new HttpClient(_handler, disposeHandler: false));
        _client = options.ConnectionString is { } connection
            ? new CosmosClient(connection, clientOptions)
            : new CosmosClient(options.AccountEndpoint, options.AccountKey, clientOptions);
        return _client;
    }
}
