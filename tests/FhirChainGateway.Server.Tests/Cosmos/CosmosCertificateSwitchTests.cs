using FhirChainGateway.Server.Hosting;
using FhirChainGateway.Storage.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// <c>Storage:Cosmos:AcceptAnyServerCertificate</c>, the switch that lets a gateway process talk to the emulator
/// or the local test server (self-signed certificates): bound from configuration like the other Cosmos options,
/// effective only for a loopback endpoint the client is limited to, refused at start-up otherwise. No server needed.
/// </summary>
public sealed class CosmosCertificateSwitchTests
{
    private const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DF2nd/Ip8hxHfX9Ko3LlZY+uA8ZD/6F6VTZEa1PZK8BaaQ==";

    [Theory]
    [InlineData("https://127.0.0.1:8081/")]
    [InlineData("https://localhost:8081/")]
    [InlineData("https://[::1]:8081/")]
    public void A_loopback_endpoint_the_client_is_limited_to_accepts_the_self_signed_certificate(string endpoint)
    {
        var options = Bind(new()
        {
            ["Storage:Cosmos:AccountEndpoint"] = endpoint,
            ["Storage:Cosmos:LimitToEndpoint"] = "true",
            ["Storage:Cosmos:AcceptAnyServerCertificate"] = "true",
        });

        CosmosStoreDatabase.CreateClientOptions(options).ServerCertificateCustomValidationCallback.ShouldNotBeNull();
    }

    [Fact]
    public void The_switch_also_reads_the_endpoint_from_a_connection_string()
    {
        var options = Bind(new()
        {
            ["Storage:Cosmos:ConnectionString"] = $"AccountEndpoint=https://127.0.0.1:8081/;AccountKey={Key};",
            ["Storage:Cosmos:LimitToEndpoint"] = "true",
            ["Storage:Cosmos:AcceptAnyServerCertificate"] = "true",
        });

        CosmosStoreDatabase.CreateClientOptions(options).ServerCertificateCustomValidationCallback.ShouldNotBeNull();
    }

    [Fact]
    public void Without_the_switch_certificates_are_validated_as_usual()
    {
        var options = Bind(new()
        {
            ["Storage:Cosmos:AccountEndpoint"] = "https://127.0.0.1:8081/",
            ["Storage:Cosmos:LimitToEndpoint"] = "true",
        });

        options.AcceptAnyServerCertificate.ShouldBeFalse();
        CosmosStoreDatabase.CreateClientOptions(options).ServerCertificateCustomValidationCallback.ShouldBeNull();
    }

    [Theory]
    [InlineData("https://myaccount.documents.azure.com:443/", "true")]
    [InlineData("https://10.0.0.5:8081/", "true")]
    [InlineData("https://127.0.0.1:8081/", "false")]
    public void The_switch_is_refused_at_startup_for_anything_but_a_loopback_endpoint_the_client_is_limited_to(string endpoint, string limitToEndpoint)
    {
        var error = Should.Throw<OptionsValidationException>(() => Bind(new()
        {
            ["Storage:Cosmos:AccountEndpoint"] = endpoint,
            ["Storage:Cosmos:LimitToEndpoint"] = limitToEndpoint,
            ["Storage:Cosmos:AcceptAnyServerCertificate"] = "true",
        }));

        error.Message.ShouldContain(nameof(CosmosStoreOptions.AcceptAnyServerCertificate));
    }

    /// <summary>The options as the gateway binds them (<c>AddGatewayStorage</c>), validated as at start-up.</summary>
    private static CosmosStoreOptions Bind(Dictionary<string, string?> settings)
    {
        settings["Storage:Backend"] = "Cosmos";
        if (!settings.ContainsKey("Storage:Cosmos:ConnectionString"))
        {
            settings["Storage:Cosmos:AccountKey"] = Key;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddGatewayStorage(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<CosmosStoreOptions>>().Value;
    }
}
