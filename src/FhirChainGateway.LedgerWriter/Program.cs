using FhirChainGateway.LedgerWriter.Api;
using FhirChainGateway.LedgerWriter.Hosting;
using FhirChainGateway.LedgerWriter.Messaging;

// The ledger writer as its own service: consumes the ledger queue (RabbitMQ), serves the ledger API.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8081");
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddLedgerWriter(builder.Configuration);
builder.Services.AddFhirChainBus(builder.Configuration, withLedgerConsumer: true);

var app = builder.Build();
app.MapLedgerWriterHealth();
app.MapLedgerEndpoints();
app.Run();
