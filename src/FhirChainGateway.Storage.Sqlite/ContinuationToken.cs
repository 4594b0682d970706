using System.Globalization;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// Keyset continuation tokens: the key of the last row of the previous page, so the next page is an
/// index seek however deep the client pages (no OFFSET rescans), and rows committed meanwhile
/// neither shift nor duplicate entries.
/// </summary>
internal static class ContinuationToken
{
    public static string Encode(long key) => key.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key in <paramref name="token"/>, or null for the first page.</summary>
    /// <exception cref="FhirException">400 when the token was not produced by this store.</exception>
    public static long? Decode(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var key) || key <= 0)
        {
            throw FhirException.BadRequest("The continuation token is not valid for this server.");
        }

        return key;
    }
}
