using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Keyset continuation tokens. A search page resumes after the sort key (<c>Type/id</c>) of its last
/// result and a history page before its last version, so every page is an index seek that neither
/// repeats nor skips resources however the data changes between pages, pages have exactly the size
/// asked for, and the last page says so. The prefix tells search and history tokens apart.
/// </summary>
internal static class CosmosContinuationToken
{
    private const string SearchPrefix = "cs1.";
    private const string HistoryPrefix = "ch1.";

    public static string EncodeSearch(string key) => SearchPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The sort key to resume after, or null for the first page.</summary>
    /// <exception cref="FhirException">400 when the token was not produced by this store.</exception>
    public static string? DecodeSearch(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (token.StartsWith(SearchPrefix, StringComparison.Ordinal))
        {
            try
            {
                var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(SearchPrefix.Length)));
                if (key.Contains('/', StringComparison.Ordinal))
                {
                    return key;
                }
            }
            catch (FormatException)
            {
            }
        }

        throw Invalid();
    }

    public static string EncodeHistory(long beforeVersion) => HistoryPrefix + beforeVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>The version to continue below, or null for the first page.</summary>
    /// <exception cref="FhirException">400 when the token was not produced by this store.</exception>
    public static long? DecodeHistory(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (token.StartsWith(HistoryPrefix, StringComparison.Ordinal)
            && long.TryParse(token.AsSpan(HistoryPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && version > 1)
        {
            return version;
        }

        throw Invalid();
    }

    private static FhirException Invalid() => FhirException.BadRequest("The continuation token is not valid for this server.");
}
