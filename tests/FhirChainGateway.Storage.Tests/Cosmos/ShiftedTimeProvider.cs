namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>The system clock moved by a fixed offset (another gateway whose leases look expired), with real timers.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
