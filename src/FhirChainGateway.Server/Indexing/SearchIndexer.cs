using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Server.Indexing;

/// <summary>
/// Extracts the search index entries of a resource version. The foundation indexes what conditional
/// create and conditional references need (<c>identifier</c>); the search issue replaces this with
/// the FHIRPath expressions of search-parameters.json behind the same method.
/// </summary>
public sealed class SearchIndexer
{
    public IReadOnlyList<SearchIndexEntry> Extract(ElementNode resource)
    {
        List<SearchIndexEntry>? entries = null;
        foreach (var identifier in resource.ChildrenNamed("identifier"))
        {
            var value = identifier.ChildText("value");
            if (value is null)
            {
                continue;
            }

            (entries ??= []).Add(new SearchIndexEntry("identifier", SearchParamKind.Token, identifier.ChildText("system") ?? string.Empty, value));
        }

        return (IReadOnlyList<SearchIndexEntry>?)entries ?? [];
    }

    /// <summary>
    /// The Provenance <c>target</c> index: versioned references, so the Provenance that recorded a version
    /// (for its ledger receipt) is one index lookup.
    /// </summary>
    public IReadOnlyList<SearchIndexEntry> ExtractProvenanceTargets(IReadOnlyList<FhirChainGateway.Server.Provenance.ProvenanceTarget> targets) =>
        targets.Select(t => new SearchIndexEntry("target", SearchParamKind.Reference, null, t.Reference)).ToList();
}
