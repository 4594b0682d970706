using FhirChainGateway.Ledger.Log;

namespace FhirChainGateway.Ledger.Tests.Log;

public sealed class InMemoryTransparencyLogTests : TransparencyLogContract
{
    protected override Task<ILogStorage> CreateStorageAsync() => Task.FromResult<ILogStorage>(new InMemoryLogStorage());
}
