using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>
/// One of our services (the gateway or the ledger writer) as a real OS process started from the test's
/// output folder with <c>dotnet</c>, on a free 127.0.0.1 port. Tests kill it with -9 to simulate a crash.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet {assembly}.dll</c> with configuration arguments and waits until /health answers.</summary>
    public static async Task<ServiceProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string> settings, TimeSpan? startTimeout = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("FHIRCHAIN_RABBITMQ");
        start.Environment.Remove("FHIRCHAIN_DATA");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow + (startTimeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{assembly} exited with {process.ExitCode}:\n{service.Output}");
            }

            try
            {
                using var health = await service.Client.GetAsync("health");
                if (health.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await service.DisposeAsync();
        throw new TimeoutException($"{assembly} did not answer /health in time:\n{service.Output}");
    }

    /// <summary>kill -9: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
