using System.Globalization;
using System.Net.Http.Headers;
using FhirChainGateway.Server.Hosting;
using FhirChainGateway.Server.Http;
using FhirChainGateway.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// The real gateway composition (as Program.cs builds it) on Kestrel at a free 127.0.0.1 port, on the Cosmos
/// backend in a database of its own, like <see cref="GatewayServer"/> for SQLite. Its CosmosClient carries a
/// <see cref="CosmosRequestRecorder"/>; the one addition to the composition is the middleware that labels a
/// request's Cosmos traffic with <see cref="CosmosRequestRecorder.LabelHeader"/>.
/// </summary>
public sealed class CosmosGatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _data;
    private readonly CosmosTestServer _cosmos;

    private CosmosGatewayServer(WebApplication app, TempDirectory data, CosmosTestServer cosmos, string databaseName, CosmosRequestRecorder recorder, Uri baseAddress)
    {
        _app = app;
        _data = data;
        _cosmos = cosmos;
        DatabaseName = databaseName;
        Recorder = recorder;

        // The full batch Bundles take many minutes on the local test server (see CosmosSyntheaLoadTests).
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
    }

    public HttpClient Client { get; }

    public string DatabaseName { get; }

    public CosmosRequestRecorder Recorder { get; }

    public static async Task<CosmosGatewayServer> StartAsync(CosmosTestServer cosmos)
    {
        var data = new TempDirectory();
        var databaseName = CosmosTestServer.NewDatabaseName();
        var recorder = new CosmosRequestRecorder();
        var settings = cosmos.GatewaySettings(databaseName);
        settings["Gateway:DataDirectory"] = data.Path;
        settings["Gateway:DefinitionsSearchRoot"] = TestData.RepositoryRoot;
        settings["Logging:LogLevel:Default"] = "Warning";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0", .. settings.SelectMany(s => new[] { "--" + s.Key, s.Value })],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddGateway(client => client.CustomHandlers.Add(recorder));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers[CosmosRequestRecorder.LabelHeader].ToString() is { Length: > 0 } label)
            {
                using (recorder.BeginLabel(label))
                {
                    await next(context);
                }

                return;
            }

            await next(context);
        });
        app.MapGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CosmosGatewayServer(app, data, cosmos, databaseName, recorder, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A GET whose Cosmos requests the recorder keeps under <paramref name="label"/>.</summary>
    public async Task<HttpResponseMessage> GetLabelledAsync(string path, string label)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CosmosRequestRecorder.LabelHeader, label);
        return await Client.SendAsync(request);
    }

    /// <summary>The request units the gateway reported for one response (<c>x-fhirchain-request-charge</c>), which only the Cosmos backend sends.</summary>
    public static double RequestCharge(HttpResponseMessage response)
    {
        response.Headers.TryGetValues(RequestChargeHeader.Name, out var values).ShouldBeTrue($"{RequestChargeHeader.Name} is missing: is the gateway on the Cosmos backend?");
        return double.Parse(values!.Single(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
        await _cosmos.DeleteDatabaseAsync(DatabaseName);
    }
}
