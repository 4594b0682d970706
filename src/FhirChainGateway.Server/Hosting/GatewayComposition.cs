using FhirChainGateway.Server.Http;
using FhirChainGateway.LedgerWriter.Api;
using FhirChainGateway.Server.Ledger;
using FhirChainGateway.Server.Validation;

namespace FhirChainGateway.Server.Hosting;

/// <summary>
/// The whole gateway in two readable lists: the services it is made of, and the HTTP pipeline.
/// Program.cs and the tests that start a real server both use them, so tests run what ships.
/// </summary>
public static class GatewayComposition
{
    /// <param name="configureCosmosClient">Cosmos client settings for non-Azure endpoints (the local test server's certificate).</param>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, Action<Microsoft.Azure.Cosmos.CosmosClientOptions>? configureCosmosClient = null)
    {
        builder.AddGatewayOptions();
        builder.Services.AddFhirEngine();
        builder.Services.AddProfileValidation(builder.Configuration);
        builder.Services.AddGatewayStorage(builder.Configuration, configureCosmosClient);
        builder.Services.AddFhirInteractions();
        builder.Services.AddOutboxRelay(builder.Configuration);
        builder.Services.AddGatewayMessaging(builder.Configuration);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseRequestChargeHeader();
        app.UseStatusCodePages(FhirStatusCodePages.WriteAsync);
        app.MapGatewayHealth();
        if (MessagingServiceCollectionExtensions.LedgerWriterModeOf(app.Configuration) == LedgerWriterMode.Embedded)
        {
            app.MapLedgerEndpoints();
        }

        app.MapLedgerOperations();
        app.MapValidateEndpoints();
        app.MapFhirEndpoints();
        return app;
    }
}
