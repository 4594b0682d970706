using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>
/// A real RabbitMQ broker for the tests: Debian's rabbitmq-server started by <c>.ci/rabbitmq.sh</c> with a
/// fresh data directory on a free 127.0.0.1 port. Tests can kill it with -9 and restart it on the same data.
/// </summary>
public sealed class RabbitMqBroker : IAsyncLifetime
{
    private static readonly string Script = Path.Combine(TestData.RepositoryRoot, ".ci", "rabbitmq.sh");
    private TempDirectory? _data;

    public int Port { get; private set; }

    public string? UnavailableReason { get; private set; }

    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public async Task InitializeAsync()
    {
        if (await RunScriptAsync("available") != 0)
        {
            UnavailableReason = "rabbitmq-server is not installed (make test installs it: .ci/rabbitmq.sh install)";
            return;
        }

        _data = new TempDirectory();
        Port = FreePort();
        if (await RunScriptAsync("start", _data.Path, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) != 0)
        {
            UnavailableReason = $"the broker did not start; see {_data.Path}/server.out";
        }
    }

    public Task KillAsync() => RunScriptAsync("kill9", _data!.Path);

    public async Task RestartAsync()
    {
        if (await RunScriptAsync("start", _data!.Path, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) != 0)
        {
            throw new InvalidOperationException($"The broker did not restart; see {_data.Path}/server.out");
        }
    }

    public async Task DisposeAsync()
    {
        if (_data is not null)
        {
            await RunScriptAsync("stop", _data.Path);
            _data.Dispose();
        }
    }

    /// <summary>A free port outside RabbitMQ's CLI distribution range (35672-35682), with room for the distribution port at +10000.</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port is < 35600 or > 35700 && port + 10000 < 65535 && port > 1024)
            {
                return port;
            }
        }
    }

    private static async Task<int> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }
}

[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<RabbitMqBroker>
{
    public const string Name = "RabbitMQ broker";
}
