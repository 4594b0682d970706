namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// The request units and requests of one unit of work (e.g. one HTTP interaction), from
/// <see cref="CosmosRequestCharges.BeginScope"/> until disposed. Thread-safe: a commit sends requests
/// in parallel.
/// </summary>
public sealed class RequestChargeScope : IDisposable
{
    private readonly CosmosRequestCharges _owner;
    private double _requestUnits;
    private long _requests;
    private int _disposed;

    internal RequestChargeScope(CosmosRequestCharges owner, RequestChargeScope? parent)
    {
        _owner = owner;
        Parent = parent;
    }

    public double RequestUnits => Volatile.Read(ref _requestUnits);

    public long Requests => Interlocked.Read(ref _requests);

    internal RequestChargeScope? Parent { get; }

    internal void Add(double requestUnits)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        CosmosRequestCharges.AddTo(ref _requestUnits, requestUnits);
        Interlocked.Increment(ref _requests);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.EndScope(this);
        }
    }
}
