using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Storage.Sqlite.Ledger;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Ledger.Tests.Log;

public sealed class SqliteTransparencyLogTests : TransparencyLogContract
{
    private readonly TempDirectory _directory = new();

    protected override async Task<ILogStorage> CreateStorageAsync() =>
        await SqliteLogStorage.OpenAsync(new SqliteLogStorageOptions { DatabasePath = _directory.File("ledger.db") }, CancellationToken.None);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
