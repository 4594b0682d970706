using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>One resource version of a batch with the documents that store it (version document and body chunks).</summary>
internal sealed class StagedVersion(ResourceWrite write, VersionDocument document, IReadOnlyList<ChunkDocument> chunks)
{
    public ResourceWrite Write { get; } = write;

    public VersionDocument Document { get; } = document;

    public IReadOnlyList<ChunkDocument> Chunks { get; } = chunks;
}
