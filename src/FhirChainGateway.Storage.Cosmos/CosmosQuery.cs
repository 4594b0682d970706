using System.Text.Json;
using FhirChainGateway.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Reads one query page by page through the resilience pipeline. A page that fails transiently is
/// asked for again by a fresh iterator from the last good continuation token, so a retry never skips
/// or repeats a page whatever the failed iterator's state.
/// </summary>
internal sealed class CosmosQuery(CosmosDocumentContainer container, QueryDefinition query, QueryRequestOptions options, string? continuation)
    : IAsyncDisposable
{
    private FeedIterator? _iterator;
    private string? _continuation = continuation;
    private bool _done;

    /// <summary>The continuation token after the last page read (Cosmos's own, for resuming this query).</summary>
    public string? ContinuationToken => _continuation;

    /// <summary>The next page's items, or null when the query has no more pages.</summary>
    public async Task<List<JsonElement>?> ReadPageAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return null;
        }

        using var response = await container.Executor.SendAsync(
            "query",
            async token =>
            {
                _iterator ??= container.Container.GetItemQueryStreamIterator(query, _continuation, options);
                try
                {
                    var page = await _iterator.ReadNextAsync(token).ConfigureAwait(false);
                    if (!page.IsSuccessStatusCode)
                    {
                        ResetIterator();
                    }

                    return page;
                }
                catch
                {
                    ResetIterator();
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();

        _continuation = response.ContinuationToken;
        _done = _iterator is null || !_iterator.HasMoreResults;
        if (response.Content is null)
        {
            return [];
        }

        return CosmosJson.Deserialize<QueryPage>(response.Content).Documents;
    }

    public ValueTask DisposeAsync()
    {
        ResetIterator();
        return ValueTask.CompletedTask;
    }

    private void ResetIterator()
    {
        _iterator?.Dispose();
        _iterator = null;
    }
}
