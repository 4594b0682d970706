namespace FhirChainGateway.Storage.Cosmos;

/// <summary>The outcome of a write that optimistic concurrency may expect to fail.</summary>
internal enum WriteStatus
{
    Done,

    /// <summary>409: a document with that id already exists (create).</summary>
    Conflict,

    /// <summary>404: the document does not exist (replace, delete).</summary>
    NotFound,

    /// <summary>412: the document changed since the ETag given as If-Match.</summary>
    PreconditionFailed,
}
