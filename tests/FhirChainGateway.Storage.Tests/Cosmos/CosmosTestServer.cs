using System.Diagnostics;
using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.TestSupport;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>
/// The Cosmos endpoint of this test run, started once per run (xunit collection fixture). With
/// FHIRCHAIN_COSMOS_TEST_CONNECTION set (a connection string of a real account or the official
/// emulator) the tests use that account. Otherwise it runs tests/cosmos-test-server (the in-memory
/// @vercel/cosmosdb-server behind our compatibility layer) with node on 127.0.0.1 and a free port,
/// installing it with <c>npm ci</c> first if needed. Each test class instance gets its own database.
/// </summary>
public sealed class CosmosTestServer : IAsyncLifetime
{
    public const string ConnectionVariable = "FHIRCHAIN_COSMOS_TEST_CONNECTION";

    /// <summary>The well-known key of the emulator, which the test server accepts like any other.</summary>
    private const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DF2nd/Ip8hxHfX9Ko3LlZY+uA8ZD/6F6VTZEa1PZK8BaaQ==";

    private Process? _server;

    /// <summary>Why the tests cannot run here (null when they can).</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    public CosmosClient Client { get; private set; } = null!;

    /// <summary>Options pointing at this run's account; callers set the database name.</summary>
    public CosmosStoreOptions Options { get; private set; } = null!;

    public bool IsLocalServer => _server is not null;

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        // The SDK otherwise probes the Azure instance metadata endpoint, which does not exist here.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            Options = new CosmosStoreOptions { ConnectionString = connection, ConnectionMode = ConnectionMode.Gateway };
            Client = new CosmosClient(connection, CosmosStoreDatabase.CreateClientOptions(Options, AcceptEmulatorCertificate(connection)));
            return;
        }

        var endpoint = await StartServerAsync().ConfigureAwait(false);
        Options = new CosmosStoreOptions
        {
            AccountEndpoint = endpoint,
            AccountKey = EmulatorKey,
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,

            // The in-memory server answers in microseconds; a stuck request should fail the test quickly.
            RequestTimeout = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };

        // Its certificate is self-signed: accepted here, in tests only.
        Client = new CosmosClient(endpoint, EmulatorKey, CosmosStoreDatabase.CreateClientOptions(
            Options, client => client.ServerCertificateCustomValidationCallback = (_, _, _) => true));
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is { HasExited: false })
        {
            // Closing stdin ends the server (--exit-with-stdin); kill it if that did not work.
            _server.StandardInput.Close();
            if (!_server.WaitForExit(5000))
            {
                _server.Kill(entireProcessTree: true);
            }
        }

        _server?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Fresh options for one store in its own database, so tests never see each other's data.</summary>
    public CosmosStoreOptions NewDatabase(Action<CosmosStoreOptions>? configure = null)
    {
        var options = new CosmosStoreOptions
        {
            ConnectionString = Options.ConnectionString,
            AccountEndpoint = Options.AccountEndpoint,
            AccountKey = Options.AccountKey,
            ConnectionMode = Options.ConnectionMode,
            LimitToEndpoint = Options.LimitToEndpoint,
            RequestTimeout = Options.RequestTimeout,
            OperationTimeout = Options.OperationTimeout,
            DatabaseName = "fhirchain-test-" + Guid.NewGuid().ToString("N")[..12],
        };
        configure?.Invoke(options);
        return options;
    }

    private static Action<CosmosClientOptions>? AcceptEmulatorCertificate(string connection) =>
        connection.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connection.Contains("127.0.0.1", StringComparison.Ordinal)
            ? client => client.ServerCertificateCustomValidationCallback = (_, _, _) => true
            : null;

    private async Task<string> StartServerAsync()
    {
        var folder = ServerFolder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@vercel", "cosmosdb-server")))
        {
            await RunAsync("npm", "ci --ignore-scripts --no-audit --no-fund --loglevel=error", folder, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo("node", "server.js --host 127.0.0.1 --port 0 --exit-with-stdin")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _server = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _server.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return line["READY ".Length..].Trim();
            }
        }

        throw new InvalidOperationException($"The Cosmos test server in {folder} exited before it was ready (exit code {(_server.HasExited ? _server.ExitCode : -1)}).");
    }

    private static string ServerFolder => Path.Combine(TestData.RepositoryRoot, "tests", "cosmos-test-server");

    private static string? FindUnavailableReason()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            return null;
        }

        if (!OnPath("node"))
        {
            return $"Cosmos DB tests need Node.js (node and npm on PATH) for the local test server, or {ConnectionVariable} set to a Cosmos account or emulator.";
        }

        var installed = Directory.Exists(Path.Combine(ServerFolder, "node_modules", "@vercel", "cosmosdb-server"));
        return installed || OnPath("npm")
            ? null
            : $"Cosmos DB tests need npm to install tests/cosmos-test-server (or run 'npm ci' there), or {ConnectionVariable} set.";
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    private static async Task RunAsync(string program, string arguments, string folder, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {arguments}' in {folder} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
