namespace FhirChainGateway.Storage.Cosmos;

/// <summary>A write's outcome and, when it succeeded, the document's new ETag.</summary>
internal readonly record struct WriteResult(WriteStatus Status, string? ETag)
{
    public bool Succeeded => Status == WriteStatus.Done;
}
