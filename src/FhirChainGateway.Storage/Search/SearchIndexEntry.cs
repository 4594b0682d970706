namespace FhirChainGateway.Storage.Search;

public enum SearchParamKind
{
    Token,
    String,
    Reference,
    Date,
    Number,
    Quantity,
    Uri,
}

/// <summary>
/// One value of one search parameter of a resource version, already normalised by the FHIR engine
/// (tokens as system + code, strings lower-cased and accent-folded, references as <c>Type/id</c>) so that
/// no backend ever needs case-insensitive functions.
/// </summary>
public sealed record SearchIndexEntry(string ParamCode, SearchParamKind Kind, string? System, string Value);
