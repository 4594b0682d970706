using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FhirChainGateway.Contracts;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.LedgerWriter.Hosting;
using FhirChainGateway.LedgerWriter.Messaging;
using FhirChainGateway.TestSupport;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// Provenance events ledgered per second, end to end: events sent to the ledger queue (as the outbox
/// relay sends them: publisher-confirmed, 32 ordering keys in parallel by default), consumed, durably sequenced,
/// integrated and covered by a signed checkpoint. <c>rabbitmq</c>: a real broker and the ledger writer in
/// its own process; <c>inmemory</c>: the embedded setup in one process.
/// Usage: ledger [--events 20000] [--transport rabbitmq|inmemory|both]
/// </summary>
public static class LedgerThroughputBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = int.Parse(Option(args, "--events") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var transport = Option(args, "--transport") ?? "both";
        Keys = int.Parse(Option(args, "--keys") ?? "32", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; events: {events}");
        if (transport is "inmemory" or "both")
        {
            var rate = await InMemoryAsync(events);
            Console.WriteLine($"in-memory transport, writer in process: {rate:F0} events/s ledgered (checkpoint covers all)");
        }

        if (transport is "rabbitmq" or "both")
        {
            var rate = await RabbitMqAsync(events);
            Console.WriteLine($"RabbitMQ, writer in its own process:    {rate:F0} events/s ledgered (checkpoint covers all)");
        }

        return 0;
    }

    private static async Task<double> InMemoryAsync(int events)
    {
        using var data = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LedgerWriter:DataDirectory"] = data.Path,
            ["LedgerWriter:CheckpointInterval"] = "00:00:00.100",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLedgerWriter(builder.Configuration);
        builder.Services.AddFhirChainBus(builder.Configuration, withLedgerConsumer: true);
        using var host = builder.Build();
        await host.StartAsync();
        var sender = host.Services.GetRequiredService<LedgerEventSender>();
        var log = host.Services.GetRequiredService<TransparencyLog>();

        var clock = Stopwatch.StartNew();
        await SendAllAsync(events, (message, token) => sender.SendAsync(message, token));
        while ((await log.GetCheckpointAsync(CancellationToken.None))?.TreeSize < (ulong)events)
        {
            await Task.Delay(10);
        }

        var rate = events / clock.Elapsed.TotalSeconds;
        await host.StopAsync();
        return rate;
    }

    private static async Task<double> RabbitMqAsync(int events)
    {
        var script = Path.Combine(TestData.RepositoryRoot, ".ci", "rabbitmq.sh");
        using var brokerData = new TempDirectory();
        using var writerData = new TempDirectory();
        var port = FreePort(40000);
        await RunAsync("bash", script, "start", brokerData.Path, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process? writer = null;
        try
        {
            var httpPort = FreePort(30000);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])[
                Path.Combine(AppContext.BaseDirectory, "FhirChainGateway.LedgerWriter.dll"),
                "--urls", $"http://127.0.0.1:{httpPort}",
                "--LedgerWriter:DataDirectory", writerData.Path,
                "--LedgerWriter:CheckpointInterval", "00:00:00.100",
                "--Messaging:RabbitMqUri", $"amqp://guest:guest@127.0.0.1:{port}/",
                "--Logging:LogLevel:Default", "Warning"])
            {
                start.ArgumentList.Add(argument);
            }

            writer = Process.Start(start)!;
            writer.OutputDataReceived += (_, _) => { };
            writer.ErrorDataReceived += (_, _) => { };
            writer.BeginOutputReadLine();
            writer.BeginErrorReadLine();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
            while (true)
            {
                try
                {
                    using var health = await http.GetAsync("health");
                    if (health.IsSuccessStatusCode && (await health.Content.ReadAsStringAsync()).Contains("\"active\"", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100);
            }

            var bus = Bus.Factory.CreateUsingRabbitMq(configure => configure.Host("127.0.0.1", (ushort)port, "/", host =>
            {
                host.Username("guest");
                host.Password("guest");
                host.PublisherConfirmation = true;
            }));
            await bus.StartAsync();
            var endpoint = await bus.GetSendEndpoint(new Uri("queue:fhirchain-ledger"));

            var clock = Stopwatch.StartNew();
            await SendAllAsync(events, (message, token) => endpoint.Send(message, token));
            while (await TreeSizeAsync(http) < (ulong)events)
            {
                await Task.Delay(10);
            }

            var rate = events / clock.Elapsed.TotalSeconds;
            await bus.StopAsync();
            return rate;
        }
        finally
        {
            if (writer is not null && !writer.HasExited)
            {
                writer.Kill(entireProcessTree: true);
                await writer.WaitForExitAsync();
            }

            await RunAsync("bash", script, "stop", brokerData.Path);
        }
    }

    /// <summary>Ordering keys sent in parallel: the relay's <c>Outbox:ConcurrentKeys</c> default unless <c>--keys</c> says otherwise.</summary>
    private static int Keys { get; set; } = 32;

    /// <summary>Sends like the outbox relay: <see cref="Keys"/> ordering keys in parallel, each key's events one after the other.</summary>
    private static Task SendAllAsync(int events, Func<ProvenanceRecorded, CancellationToken, Task> send) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Keys), new ParallelOptions { MaxDegreeOfParallelism = Keys }, async (key, token) =>
        {
            for (var i = key; i < events; i += Keys)
            {
                await send(Event(i, key), token);
            }
        });

    private static ProvenanceRecorded Event(int index, int key)
    {
        // A leaf the size of a typical single-target Provenance in canonical JSON (~700 bytes).
        var leaf = Encoding.UTF8.GetBytes(
            $"{{\"activity\":{{\"coding\":[{{\"code\":\"CREATE\",\"display\":\"create\",\"system\":\"http://terminology.hl7.org/CodeSystem/v3-DataOperation\"}}]}},\"agent\":[{{\"type\":{{\"coding\":[{{\"code\":\"author\",\"system\":\"http://terminology.hl7.org/CodeSystem/provenance-participant-type\"}}]}},\"who\":{{\"identifier\":{{\"system\":\"urn:fhirchain:client\",\"value\":\"bench\"}}}}}}],\"id\":\"{Guid.NewGuid()}\",\"recorded\":\"2026-11-21T12:00:00.000Z\",\"resourceType\":\"Provenance\",\"target\":[{{\"extension\":[{{\"url\":\"https://fhirchain.io/fhir/StructureDefinition/target-sha256\",\"valueString\":\"{Convert.ToHexStringLower(BitConverter.GetBytes((long)index))}{new string('0', 48)}\"}}],\"reference\":\"Observation/{index}/_history/1\"}}]}}");
        return new ProvenanceRecorded
        {
            EventId = Guid.NewGuid(),
            ProvenanceId = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ProvenanceVersionId = 1,
            Recorded = DateTimeOffset.UnixEpoch,
            LeafKind = "Provenance",
            LeafData = leaf,
            OrderingKey = "Patient/" + key.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static async Task<ulong> TreeSizeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("ledger/checkpoint?format=json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("treeSize").GetUInt64();
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }

    private static int FreePort(int from)
    {
        for (var port = from + Random.Shared.Next(5000); ; port++)
        {
            try
            {
                using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
