using System.Globalization;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>
/// The production shape on one machine: a gateway process and a ledger writer process, each with its own
/// data directory, talking through the shared test broker on a queue of their own.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly TempDirectory _gatewayData = new();
    private readonly TempDirectory _writerData = new();

    public Deployment(RabbitMqBroker broker)
    {
        Broker = broker;
        Queue = "fhirchain-ledger-test-" + Guid.NewGuid().ToString("N")[..12];
    }

    public RabbitMqBroker Broker { get; }

    public string Queue { get; }

    public ServiceProcess? Gateway { get; private set; }

    public ServiceProcess? Writer { get; private set; }

    public string WriterDataDirectory => _writerData.Path;

    public string GatewayDataDirectory => _gatewayData.Path;

    /// <summary>Stops both processes (kill) and audits their files offline.</summary>
    public async Task StopAndAuditAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.KillAsync();
        }

        if (Writer is not null)
        {
            await Writer.KillAsync();
        }

        await LedgerAudit.AuditFilesAsync(_gatewayData.Path, _writerData.Path);
    }

    public async Task<ServiceProcess> StartGatewayAsync(string? brokerUri = null)
    {
        Gateway = await ServiceProcess.StartAsync("FhirChainGateway.Server", new Dictionary<string, string>
        {
            ["Gateway:DataDirectory"] = _gatewayData.Path,
            ["Gateway:DefinitionsSearchRoot"] = TestData.RepositoryRoot,
            ["Gateway:LedgerWriter"] = "External",
            ["Gateway:LedgerUrl"] = Writer?.BaseAddress.ToString() ?? "http://127.0.0.1:1/",
            ["Messaging:RabbitMqUri"] = brokerUri ?? Broker.Uri,
            ["Messaging:LedgerQueue"] = Queue,
            ["Outbox:InitialRetryDelay"] = "00:00:00.100",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
            ["Outbox:SendTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        return Gateway;
    }

    public async Task<ServiceProcess> StartWriterAsync(string? dataDirectory = null)
    {
        Writer = await StartWriterProcessAsync(dataDirectory ?? _writerData.Path);
        return Writer;
    }

    public Task<ServiceProcess> StartWriterProcessAsync(string dataDirectory) =>
        ServiceProcess.StartAsync("FhirChainGateway.LedgerWriter", new Dictionary<string, string>
        {
            ["LedgerWriter:DataDirectory"] = dataDirectory,
            ["LedgerWriter:CheckpointInterval"] = "00:00:00.100",
            ["Messaging:RabbitMqUri"] = Broker.Uri,
            ["Messaging:LedgerQueue"] = Queue,
            ["Logging:LogLevel:Default"] = "Warning",
        });

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Writer is not null)
        {
            await Writer.DisposeAsync();
        }

        _gatewayData.Dispose();
        _writerData.Dispose();
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
