using System.Diagnostics;

namespace FhirChainGateway.TestSupport;

/// <summary>
/// The local Cosmos DB test server (tests/cosmos-test-server: npm's @vercel/cosmosdb-server behind our compatibility
/// proxy) as a child process on 127.0.0.1 and a free port, installed with <c>npm ci</c> first if needed. Shared by the
/// storage tests and the gateway's Cosmos tests; a real account or the emulator replaces it when
/// <see cref="ConnectionVariable"/> is set.
/// </summary>
public sealed class CosmosTestServerProcess : IDisposable
{
    public const string ConnectionVariable = "FHIRCHAIN_COSMOS_TEST_CONNECTION";

    /// <summary>The well-known key of the emulator, which the test server accepts like any other.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DF2nd/Ip8hxHfX9Ko3LlZY+uA8ZD/6F6VTZEa1PZK8BaaQ==";

    private readonly Process _process;

    private CosmosTestServerProcess(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The server's https endpoint (self-signed certificate).</summary>
    public string Endpoint { get; }

    /// <summary>Why Cosmos tests cannot run here (null when they can).</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    public static async Task<CosmosTestServerProcess> StartAsync()
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
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return new CosmosTestServerProcess(process, line["READY ".Length..].Trim());
            }
        }

        var exit = process.HasExited ? process.ExitCode : -1;
        process.Dispose();
        throw new InvalidOperationException($"The Cosmos test server in {folder} exited before it was ready (exit code {exit}).");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Closing stdin ends the server (--exit-with-stdin); kill it if that did not work.
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
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
