using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using FhirChainGateway.Server.Hosting;
using FhirChainGateway.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// End-to-end ingest: posts the Synthea corpus (batch Bundles first, then every patient transaction)
/// to a real gateway over HTTP and reports resources/s, counting until the ledger's checkpoint covers
/// every interaction. Starts an embedded gateway on a fresh data directory unless <c>--url</c> is given.
/// Usage: ingest [--url http://127.0.0.1:8080/] [--folder synthea/google-fhir-data-pipes] [--parallel N]
/// </summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Option(args, "--url");
        var parallel = int.Parse(Option(args, "--parallel") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var folders = (Option(args, "--folder") ?? "synthea/google-fhir-data-pipes").Split(",");
        if (!TestData.IsAvailable)
        {
            Console.Error.WriteLine(TestData.MissingReason);
            return 2;
        }

        await using var server = url is null ? await EmbeddedServer.StartAsync() : null;
        using var client = new HttpClient { BaseAddress = new Uri(url ?? server!.BaseAddress), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));

        var startSize = await CheckpointSizeAsync(client);
        long resources = 0, interactions = 0;
        var clock = Stopwatch.StartNew();
        foreach (var folder in folders)
        {
            var files = Directory.GetFiles(TestData.PathOf(folder.Split('/'))!, "*.json").Order(StringComparer.Ordinal).ToList();
            var batches = files.Where(f => Path.GetFileName(f).StartsWith("hospitalInformation", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("practitionerInformation", StringComparison.Ordinal))
                .OrderBy(f => Path.GetFileName(f).StartsWith("practitioner", StringComparison.Ordinal)).ToList();
            foreach (var batch in batches)
            {
                var (r, i) = await PostAsync(client, batch);
                resources += r;
                interactions += i;
            }

            await Parallel.ForEachAsync(files.Except(batches), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (file, _) =>
            {
                var (r, i) = await PostAsync(client, file);
                Interlocked.Add(ref resources, r);
                Interlocked.Add(ref interactions, i);
            });
        }

        var stored = clock.Elapsed;
        while (await CheckpointSizeAsync(client) < startSize + (ulong)interactions)
        {
            await Task.Delay(20);
        }

        var ledgered = clock.Elapsed;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"resources written: {resources}, interactions (Provenance/ledger leaves): {interactions}, client parallelism: {parallel}");
        Console.WriteLine($"stored:   {stored.TotalSeconds:F1} s  -> {resources / stored.TotalSeconds:F0} resources/s");
        Console.WriteLine($"ledgered: {ledgered.TotalSeconds:F1} s  -> {resources / ledgered.TotalSeconds:F0} resources/s end to end (checkpoint covers every write)");
        return 0;
    }

    private static async Task<(long Resources, long Interactions)> PostAsync(HttpClient client, string file)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync(string.Empty, content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)}: HTTP {(int)response.StatusCode}: {text[..Math.Min(500, text.Length)]}");
        }

        using var json = JsonDocument.Parse(text);
        var created = json.RootElement.GetProperty("entry").EnumerateArray()
            .Count(e => e.GetProperty("response").GetProperty("status").GetString()!.StartsWith("201", StringComparison.Ordinal));
        var isBatch = json.RootElement.GetProperty("type").GetString() == "batch-response";
        return (created, isBatch ? created : 1);
    }

    private static async Task<ulong> CheckpointSizeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "ledger/checkpoint?format=json");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("treeSize").GetUInt64();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed class EmbeddedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TempDirectory _data;

        private EmbeddedServer(WebApplication app, TempDirectory data, string baseAddress)
        {
            _app = app;
            _data = data;
            BaseAddress = baseAddress;
        }

        public string BaseAddress { get; }

        public static async Task<EmbeddedServer> StartAsync()
        {
            var data = new TempDirectory();
            var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data.Path, "--Gateway:DefinitionsSearchRoot", TestData.RepositoryRoot, "--Logging:LogLevel:Default", "Warning"]);
            builder.AddGateway();
            var app = builder.Build();
            app.MapGateway();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new EmbeddedServer(app, data, address.TrimEnd('/') + "/");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _data.Dispose();
        }
    }
}
