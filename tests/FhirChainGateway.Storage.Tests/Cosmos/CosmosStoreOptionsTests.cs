using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>Options validation, DI registration and continuation tokens (no server needed).</summary>
public sealed class CosmosStoreOptionsTests
{
    private const string Endpoint = "https://127.0.0.1:1/";
    private const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DF2nd/Ip8hxHfX9Ko3LlZY+uA8ZD/6F6VTZEa1PZK8BaaQ==";

    [Fact]
    public void The_defaults_with_an_account_are_valid()
    {
        Validate(new CosmosStoreOptions { AccountEndpoint = Endpoint, AccountKey = Key }).ShouldBeEmpty();
        Validate(new CosmosStoreOptions { ConnectionString = $"AccountEndpoint={Endpoint};AccountKey={Key};" }).ShouldBeEmpty();
    }

    [Fact]
    public void Inconsistent_settings_are_rejected_with_the_property_named()
    {
        Validate(new CosmosStoreOptions()).ShouldContain(f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Validate(new CosmosStoreOptions { AccountEndpoint = Endpoint }).ShouldContain(f => f.Contains("AccountKey", StringComparison.Ordinal));
        Validate(Valid(o => o.SystemContainerName = o.ResourcesContainerName)).ShouldNotBeEmpty();
        Validate(Valid(o => o.DatabaseName = "a/b")).ShouldContain(f => f.Contains("DatabaseName", StringComparison.Ordinal));
        Validate(Valid(o => o.TransactionLease = TimeSpan.FromSeconds(5))).ShouldContain(f => f.Contains("TransactionLease", StringComparison.Ordinal));
        Validate(Valid(o => o.InlineBodyLimitBytes = 2 * 1024 * 1024)).ShouldContain(f => f.Contains("InlineBodyLimitBytes", StringComparison.Ordinal));
        Validate(Valid(o => o.MaxBatchResources = 0)).ShouldContain(f => f.Contains("MaxBatchResources", StringComparison.Ordinal));
        Validate(Valid(o => o.DatabaseThroughput = 100)).ShouldContain(f => f.Contains("DatabaseThroughput", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registers_the_stores_and_the_startup_service_over_one_database()
    {
        var services = new ServiceCollection().AddLogging().AddCosmosResourceStore(o =>
        {
            o.AccountEndpoint = Endpoint;
            o.AccountKey = Key;
            o.DatabaseName = "di";
        });

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IResourceStore>().ShouldBeSameAs(provider.GetRequiredService<CosmosResourceStore>());
        provider.GetRequiredService<IOutboxStore>().ShouldBeSameAs(provider.GetRequiredService<CosmosOutboxStore>());
        provider.GetRequiredService<CosmosStoreDatabase>().Options.DatabaseName.ShouldBe("di");
        provider.GetServices<IHostedService>().OfType<CosmosStoreStartup>().Count().ShouldBe(1);
        provider.GetRequiredService<CosmosRequestCharges>().ShouldNotBeNull();
    }

    [Fact]
    public async Task Invalid_options_fail_at_startup()
    {
        var services = new ServiceCollection().AddLogging().AddCosmosResourceStore(o => o.AccountEndpoint = Endpoint);
        await using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CosmosStoreOptions>>().Value);

        error.Message.ShouldContain("AccountKey");
    }

    [Fact]
    public void Continuation_tokens_round_trip_and_foreign_ones_are_a_bad_request()
    {
        CosmosContinuationToken.DecodeSearch(CosmosContinuationToken.EncodeSearch("Patient/a'b")).ShouldBe("Patient/a'b");
        CosmosContinuationToken.DecodeHistory(CosmosContinuationToken.EncodeHistory(42)).ShouldBe(42);
        CosmosContinuationToken.DecodeSearch(null).ShouldBeNull();

        foreach (var token in new[] { "", "42", "cs1.!!", "cs1.", "cs1." + Convert.ToBase64String("no-slash"u8), CosmosContinuationToken.EncodeHistory(5) })
        {
            Should.Throw<FhirException>(() => CosmosContinuationToken.DecodeSearch(token)).StatusCode.ShouldBe(400);
        }

        foreach (var token in new[] { "", "42", "ch1.", "ch1.1", "ch1.-3", "ch1.x", CosmosContinuationToken.EncodeSearch("Patient/a") })
        {
            Should.Throw<FhirException>(() => CosmosContinuationToken.DecodeHistory(token)).StatusCode.ShouldBe(400);
        }
    }

    private static CosmosStoreOptions Valid(Action<CosmosStoreOptions> change)
    {
        var options = new CosmosStoreOptions { AccountEndpoint = Endpoint, AccountKey = Key };
        change(options);
        return options;
    }

    private static IEnumerable<string> Validate(CosmosStoreOptions options) =>
        new CosmosStoreOptionsValidator().Validate(null, options).Failures ?? [];
}
