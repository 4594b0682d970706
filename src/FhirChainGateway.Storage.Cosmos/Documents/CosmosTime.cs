using System.Globalization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// Instants as ISO 8601 UTC strings with 100 ns precision: exact round trip, sortable as text, and
/// readable in the data explorer. Not ticks: JSON numbers in Cosmos are doubles, exact only to 2^53.
/// </summary>
internal static class CosmosTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
