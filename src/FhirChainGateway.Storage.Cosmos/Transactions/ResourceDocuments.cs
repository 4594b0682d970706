using FhirChainGateway.Storage.Cosmos.Documents;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>Builds and reads the documents of resource versions (shared by reads, commit and recovery).</summary>
internal static class ResourceDocuments
{
    public static CurrentDocument Current(VersionDocument version) => new()
    {
        Id = DocumentKeys.CurrentId(version.ResourceType, version.ResourceId),
        PartitionKey = version.PartitionKey,
        Kind = DocumentKeys.CurrentKind,
        ResourceType = version.ResourceType,
        ResourceId = version.ResourceId,
        Key = DocumentKeys.HomePartition(version.ResourceType, version.ResourceId),
        Compartment = version.Compartment,
        Version = version.Version,
        LastUpdated = version.LastUpdated,
        Body = version.Body,
        Chunks = version.Chunks,
        Salt = version.Salt,
        TokensWithSystem = version.Index?.TokensWithSystem ?? [],
        TokenCodes = version.Index?.TokenCodes ?? [],
        Values = version.Index?.Values ?? [],
    };

    /// <summary>The body bytes of a version: inline, or reassembled from its chunk documents.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(
        CosmosDocumentContainer resources,
        string resourceType,
        string id,
        long version,
        string partitionKey,
        string? body,
        int? chunks,
        CancellationToken cancellationToken)
    {
        if (chunks is not { } count)
        {
            return body is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(body);
        }

        var parts = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            await resources.ReadAsync<ChunkDocument>(DocumentKeys.ChunkId(resourceType, id, version, i), partitionKey, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Chunk {i} of {resourceType}/{id} version {version} is missing."))).ConfigureAwait(false);
        var bytes = new byte[parts.Sum(p => p.Data.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.Data.CopyTo(bytes, offset);
            offset += part.Data.Length;
        }

        return bytes;
    }
}
