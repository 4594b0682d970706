using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Settings of the Cosmos DB resource store and outbox. Bind from configuration (section
/// <c>Storage:Cosmos</c> by convention); every property has a documented default, and
/// <see cref="CosmosStoreOptionsValidator"/> rejects inconsistent values at start-up.
/// </summary>
public sealed class CosmosStoreOptions
{
    /// <summary>
    /// A Cosmos connection string (<c>AccountEndpoint=...;AccountKey=...;</c>). Either this or
    /// <see cref="AccountEndpoint"/> plus <see cref="AccountKey"/> is required. No default.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account endpoint, e.g. <c>https://myaccount.documents.azure.com:443/</c>. No default.</summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>The account key for <see cref="AccountEndpoint"/>. No default; keep it in a secret store.</summary>
    public string? AccountKey { get; set; }

    /// <summary>Database holding both containers. Default <c>fhirchain</c>.</summary>
    public string DatabaseName { get; set; } = "fhirchain";

    /// <summary>Container of resource documents (heads, versions, current documents, body chunks). Default <c>resources</c>.</summary>
    public string ResourcesContainerName { get; set; } = "resources";

    /// <summary>Container of transaction records, outbox messages and the outbox sequence counter. Default <c>system</c>.</summary>
    public string SystemContainerName { get; set; } = "system";

    /// <summary>
    /// Create the database and containers (with their indexing policies) when missing. Default true;
    /// turn it off where the gateway's identity may only read and write items (containers then come
    /// from infrastructure code that uses the policies in <see cref="CosmosSchema"/>).
    /// </summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>
    /// Manual throughput (RU/s) shared by the containers when this store creates the database. Default
    /// null: no throughput is set, which is what serverless accounts require; provisioned accounts then
    /// get the service's minimum.
    /// </summary>
    public int? DatabaseThroughput { get; set; }

    /// <summary>
    /// Default <see cref="ConnectionMode.Direct"/> (TCP to the replicas, the lowest latency in Azure).
    /// Use <see cref="ConnectionMode.Gateway"/> behind firewalls that allow only 443 and for the emulator
    /// or the test server.
    /// </summary>
    public ConnectionMode ConnectionMode { get; set; } = ConnectionMode.Direct;

    /// <summary>
    /// Talk only to the configured endpoint instead of the regions the account advertises. Default
    /// false; the emulator and the test server need true.
    /// </summary>
    public bool LimitToEndpoint { get; set; }

    /// <summary>
    /// Accept the server's TLS certificate without checking it. Default false. Only for the emulator or
    /// the local test server, whose certificates are self-signed, when the host cannot be handed a
    /// client callback (a gateway started as a process). It is honoured only together with a loopback
    /// endpoint (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>) and <see cref="LimitToEndpoint"/>, so
    /// it can never weaken a connection to a real account; any other combination fails validation.
    /// </summary>
    public bool AcceptAnyServerCertificate { get; set; }

    /// <summary>
    /// Retries of one Cosmos request that failed with 429 (rate limited), 503 (unavailable), 408
    /// (timeout) or 449 (retry with), waiting what the server's retry-after says when it says it.
    /// Default 9, like the SDK's own default for 429; the SDK's own 429 retries are switched off so that
    /// this is the only retry loop.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 9;

    /// <summary>
    /// First back-off when the server gave no retry-after (exponential with jitter after that).
    /// Default 100 ms.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of any single wait between retries, retry-after included. Default 10 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a single attempt of one request. Default 15 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Timeout of one request including all its retries, so that a throttled account fails a request
    /// instead of holding it forever. Default 60 seconds.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a batch may stay uncommitted while holding its locks. After that any writer that meets
    /// one of its locks, and the recovery pass, may abort it, so that a crashed gateway does not lock
    /// resources forever. Default 60 seconds, far above the time a 1,000-resource Bundle takes; it must
    /// exceed the clock skew between gateway instances.
    /// </summary>
    public TimeSpan TransactionLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Resources written in one batch. Bounded because the transaction record lists every write and a
    /// Cosmos document is at most 2 MB. Default 5,000 (roughly 1 MB of record).
    /// </summary>
    public int MaxBatchResources { get; set; } = 5000;

    /// <summary>
    /// Requests a commit or recovery keeps in flight at once (locks, staged documents, apply). Default 16.
    /// </summary>
    public int MaxParallelRequests { get; set; } = 16;

    /// <summary>
    /// Resource bodies up to this size are stored inline in their documents; larger ones are split into
    /// chunk documents of this size, so no document approaches the 2 MB limit (an inline body may grow
    /// to twice its size as a JSON string). Default 512 KiB.
    /// </summary>
    public int InlineBodyLimitBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// How long sent outbox messages are kept (Cosmos time-to-live) before the service deletes them.
    /// Default 7 days; the relay never reads them again, they are kept only for diagnosis.
    /// </summary>
    public TimeSpan SentMessageRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Run the recovery pass at start-up and then at this interval (it only finds work after a crash or
    /// a lost connection). Default 5 minutes; <see cref="TimeSpan.Zero"/> runs it at start-up only.
    /// </summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The account endpoint, from <see cref="AccountEndpoint"/> or the connection string; null when neither names a valid one.</summary>
    internal Uri? EndpointUri()
    {
        var endpoint = AccountEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint) && !string.IsNullOrWhiteSpace(ConnectionString))
        {
            var parts = new System.Data.Common.DbConnectionStringBuilder();
            try
            {
                parts.ConnectionString = ConnectionString;
            }
            catch (ArgumentException)
            {
                return null;
            }

            endpoint = parts.TryGetValue("AccountEndpoint", out var value) ? value as string : null;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>Whether <see cref="AcceptAnyServerCertificate"/> may take effect: loopback endpoint, limited to it.</summary>
    internal bool MayAcceptAnyServerCertificate() =>
        AcceptAnyServerCertificate && LimitToEndpoint && EndpointUri() is { IsLoopback: true };
}
