using System.Globalization;
using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Turns index entries into flat string arrays so that every search criterion is one indexed
/// comparison of a whole array element: <c>ARRAY_CONTAINS</c> for exact matches and
/// <c>STARTSWITH</c> for prefixes, case-sensitive because the FHIR engine normalised the values already.
/// Parts are joined with U+001F (unit separator), which no parameter code, system URI or kind number
/// contains, so a prefix of "param, kind, value" is exactly a prefix match on the value.
/// </summary>
internal static class SearchIndexFields
{
    public const char Separator = '\u001f';

    public static IndexFields Build(IReadOnlyList<SearchIndexEntry> entries)
    {
        var withSystem = new SortedSet<string>(StringComparer.Ordinal);
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Kind == SearchParamKind.Token)
            {
                withSystem.Add(Token(entry.ParamCode, entry.System ?? string.Empty, entry.Value));
                codes.Add(TokenCode(entry.ParamCode, entry.Value));
            }
            else
            {
                values.Add(Value(entry.ParamCode, entry.Kind, entry.Value));
            }
        }

        return new IndexFields { TokensWithSystem = [.. withSystem], TokenCodes = [.. codes], Values = [.. values] };
    }

    /// <summary>A token with its system; "" stands for "no system", so that is an exact match too.</summary>
    public static string Token(string paramCode, string system, string code) =>
        string.Concat(paramCode, Separator.ToString(), system, Separator.ToString(), code);

    /// <summary>A token's code alone, for searches that accept any system.</summary>
    public static string TokenCode(string paramCode, string code) => string.Concat(paramCode, Separator.ToString(), code);

    public static string Value(string paramCode, SearchParamKind kind, string value) =>
        string.Concat(paramCode, Separator.ToString(), ((int)kind).ToString(CultureInfo.InvariantCulture), Separator.ToString(), value);
}
