using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Sqlite;
using FhirChainGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChainGateway.Storage.Tests;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Registers_one_database_behind_both_stores_with_the_configured_path()
    {
        using var directory = new TempDirectory();
        var path = directory.File("di/fhir.db");
        var services = new ServiceCollection().AddSqliteResourceStore(options => options.DatabasePath = path);

        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IResourceStore>();
            store.ShouldBeSameAs(provider.GetRequiredService<SqliteResourceStore>());
            provider.GetRequiredService<IOutboxStore>().ShouldBeSameAs(provider.GetRequiredService<SqliteOutboxStore>());
            provider.GetRequiredService<SqliteDatabase>().FullPath.ShouldBe(Path.GetFullPath(path));

            await store.ReadCurrentAsync("Patient", "p1", CancellationToken.None);
        }

        File.Exists(path).ShouldBeTrue();
    }
}
