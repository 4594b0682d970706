using FhirChainGateway.Ledger.Log;
using FhirChainGateway.LedgerWriter.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirChainGateway.Ledger.Tests.Api;

/// <summary>The ledger endpoints on a real Kestrel at a free 127.0.0.1 port, over the given log.</summary>
public sealed class LedgerApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LedgerApiServer(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<LedgerApiServer> StartAsync(TransparencyLog log)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(log);
        var app = builder.Build();
        app.MapLedgerEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LedgerApiServer(app, new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
