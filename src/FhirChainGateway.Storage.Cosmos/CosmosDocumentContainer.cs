using System.Net;
using System.Text.Json;
using FhirChainGateway.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Our documents' operations on one container, all through the stream API (our own System.Text.Json
/// documents, no SDK serializer) and the resilience pipeline. Expected outcomes of optimistic
/// concurrency (404, 409, 412) come back as a <see cref="WriteStatus"/>; anything else that is not a
/// success throws <see cref="CosmosException"/>.
/// </summary>
internal sealed class CosmosDocumentContainer(Container container, CosmosRequestExecutor executor)
{
    /// <summary>Writes return only headers (the ETag): same RU, less traffic.</summary>
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>A patch's caller wants the result (e.g. the incremented counter).</summary>
    private static readonly PatchItemRequestOptions PatchWithContent = new() { EnableContentResponseOnWrite = true };

    public Container Container { get; } = container;

    public CosmosRequestExecutor Executor { get; } = executor;

    /// <summary>The document with its ETag, or null when it does not exist.</summary>
    public async Task<T?> ReadAsync<T>(string id, string partitionKey, CancellationToken cancellationToken)
        where T : CosmosDocument
    {
        using var response = await Executor.SendAsync(
            "read",
            token => Container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var document = CosmosJson.Deserialize<T>(response.Content);
        document.ETag = response.Headers.ETag;
        return document;
    }

    public async Task<WriteResult> CreateAsync<T>(T document, CancellationToken cancellationToken)
        where T : CosmosDocument
    {
        var body = Body(document);
        using var response = await Executor.SendAsync(
            "create",
            token => Container.CreateItemStreamAsync(new MemoryStream(body, writable: false), new PartitionKey(document.PartitionKey), NoContent, token),
            cancellationToken).ConfigureAwait(false);
        return Result(response, HttpStatusCode.Conflict);
    }

    /// <summary>Replaces the document; with <paramref name="ifMatch"/> only if it is unchanged since that ETag.</summary>
    public async Task<WriteResult> ReplaceAsync<T>(T document, string? ifMatch, CancellationToken cancellationToken)
        where T : CosmosDocument
    {
        var body = Body(document);
        var options = ifMatch is null ? NoContent : new ItemRequestOptions { EnableContentResponseOnWrite = false, IfMatchEtag = ifMatch };
        using var response = await Executor.SendAsync(
            "replace",
            token => Container.ReplaceItemStreamAsync(new MemoryStream(body, writable: false), document.Id, new PartitionKey(document.PartitionKey), options, token),
            cancellationToken).ConfigureAwait(false);
        return Result(response, HttpStatusCode.NotFound, HttpStatusCode.PreconditionFailed);
    }

    public async Task<WriteResult> DeleteAsync(string id, string partitionKey, string? ifMatch, CancellationToken cancellationToken)
    {
        var options = ifMatch is null ? NoContent : new ItemRequestOptions { EnableContentResponseOnWrite = false, IfMatchEtag = ifMatch };
        using var response = await Executor.SendAsync(
            "delete",
            token => Container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), options, token),
            cancellationToken).ConfigureAwait(false);
        return Result(response, HttpStatusCode.NotFound, HttpStatusCode.PreconditionFailed);
    }

    /// <summary>Applies partial-update operations atomically on the server; returns the patched document, or null when it does not exist.</summary>
    public async Task<T?> PatchAsync<T>(string id, string partitionKey, IReadOnlyList<PatchOperation> operations, CancellationToken cancellationToken)
        where T : CosmosDocument
    {
        using var response = await Executor.SendAsync(
            "patch",
            token => Container.PatchItemStreamAsync(id, new PartitionKey(partitionKey), operations, PatchWithContent, token),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var document = CosmosJson.Deserialize<T>(response.Content);
        document.ETag = response.Headers.ETag;
        return document;
    }

    /// <summary>
    /// A query to read page by page; <paramref name="partitionKey"/> null fans out across partitions.
    /// Every value of the query must be a parameter of <paramref name="query"/>.
    /// </summary>
    public CosmosQuery Query(QueryDefinition query, string? partitionKey, int pageSize, string? continuation = null) =>
        new(this, query, new QueryRequestOptions
        {
            PartitionKey = partitionKey is null ? null : new PartitionKey(partitionKey),
            MaxItemCount = pageSize,
        }, continuation);

    /// <summary>Every item of a (small) query, e.g. a single value.</summary>
    public async Task<List<JsonElement>> QueryAllAsync(QueryDefinition query, string? partitionKey, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        await using var reader = Query(query, partitionKey, pageSize: 1000);
        while (await reader.ReadPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
        {
            items.AddRange(page);
        }

        return items;
    }

    private static byte[] Body<T>(T document)
        where T : CosmosDocument
    {
        // The service ignores a body's _etag; sending none keeps requests minimal and honest.
        var etag = document.ETag;
        document.ETag = null;
        try
        {
            return CosmosJson.Serialize(document);
        }
        finally
        {
            document.ETag = etag;
        }
    }

    private static WriteResult Result(ResponseMessage response, params HttpStatusCode[] expectedFailures)
    {
        if (response.IsSuccessStatusCode)
        {
            return new WriteResult(WriteStatus.Done, response.Headers.ETag);
        }

        foreach (var expected in expectedFailures)
        {
            if (response.StatusCode == expected)
            {
                return new WriteResult(
                    expected switch
                    {
                        HttpStatusCode.Conflict => WriteStatus.Conflict,
                        HttpStatusCode.NotFound => WriteStatus.NotFound,
                        _ => WriteStatus.PreconditionFailed,
                    },
                    null);
            }
        }

        response.EnsureSuccessStatusCode();
        throw new InvalidOperationException("unreachable");
    }
}
