using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FhirChainGateway.Server.Hosting;
using FhirChainGateway.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FhirChainGateway.Server.Tests;

/// <summary>
/// The real gateway (the composition Program.cs uses) on Kestrel at a free 127.0.0.1 port, with a fresh
/// data directory, and an HttpClient that talks to it over TCP as any FHIR client would.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _data;

    private GatewayServer(WebApplication app, TempDirectory data, Uri baseAddress)
    {
        _app = app;
        _data = data;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _data.Path;

    public static async Task<GatewayServer> StartAsync(params string[] extraArgs)
    {
        var data = new TempDirectory();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data.Path, "--Gateway:DefinitionsSearchRoot", TestData.RepositoryRoot, "--Logging:LogLevel:Default", "Warning", .. extraArgs],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddGateway();
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayServer(app, data, new Uri(address.TrimEnd('/') + "/"));
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, Action<HttpRequestMessage>? configure = null) =>
        SendJsonAsync(HttpMethod.Post, path, json, configure);

    public Task<HttpResponseMessage> PutJsonAsync(string path, string json, Action<HttpRequestMessage>? configure = null) =>
        SendJsonAsync(HttpMethod.Put, path, json, configure);

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string json, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/fhir+json"),
        };
        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostFileAsync(string path, string file)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return await Client.PostAsync(path, content);
    }

    /// <summary>The ledger's checkpoint as JSON: tree size and base64 root.</summary>
    public async Task<(ulong TreeSize, string RootHash, string Note)> CheckpointAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "ledger/checkpoint");
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("treeSize").GetUInt64(), json.RootElement.GetProperty("rootHash").GetString()!, json.RootElement.GetProperty("checkpoint").GetString()!);
    }

    /// <summary>Waits until the published checkpoint reaches <paramref name="size"/> (the ledger writer is asynchronous).</summary>
    public async Task<(ulong TreeSize, string RootHash, string Note)> WaitForCheckpointAsync(ulong size, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var checkpoint = await CheckpointAsync();
            if (checkpoint.TreeSize >= size || DateTime.UtcNow > deadline)
            {
                return checkpoint;
            }

            await Task.Delay(100);
        }
    }

    public async Task<long> PendingOutboxAsync()
    {
        using var health = await Client.GetAsync("health");
        health.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("outbox").GetProperty("pending").GetInt64();
    }

    /// <summary>Waits until the outbox is drained and the checkpoint stops moving, then returns it.</summary>
    public async Task<(ulong TreeSize, string RootHash, string Note)> WaitForQuietLedgerAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = await CheckpointAsync();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var current = await CheckpointAsync();
            if (current.TreeSize == last.TreeSize && await PendingOutboxAsync() == 0)
            {
                return current;
            }

            last = current;
        }

        return last;
    }

    /// <summary>Stops the server (data stays until dispose), e.g. to read its files as an offline tool would.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
