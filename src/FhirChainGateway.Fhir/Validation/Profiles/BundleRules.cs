using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// Bundle rules beyond the invariants: every entry of a non-transaction Bundle has a fullUrl; fullUrls are absolute;
/// a RESTful fullUrl (<c>[base]/Type/id</c>) names the entry resource's type and id. (entry.request for
/// transactions and batches, fullUrl uniqueness and the document rules are the Bundle invariants bdl-*.)
/// </summary>
internal static class BundleRules
{
    public static void Check(ElementNode bundle, ValidationRun run)
    {
        var index = run.IndexFor(bundle);
        var type = index.Type;
        var requestBundle = type is "transaction" or "batch" or "transaction-response" or "batch-response" or "history";
        CheckLinks(bundle, run);
        foreach (var entry in index.Entries)
        {
            if (entry.Resource is null)
            {
                continue;
            }

            if (type == "searchset")
            {
                CheckSearchEntry(entry, run);
            }

            var fullUrl = entry.FullUrl;
            if (fullUrl is null)
            {
                if (!requestBundle)
                {
                    run.Error("invalid", "Except for transactions and batches, each entry in a Bundle must have a fullUrl which is the identity of the resource in the entry.", entry.Entry);
                }

                continue;
            }

            if (!fullUrl.Contains(':', StringComparison.Ordinal))
            {
                run.Error("invalid", $"The fullUrl must be an absolute URL (not '{fullUrl}').", entry.Entry);
                continue;
            }

            if (BundleIndex.RestfulBase(fullUrl) is not null && run.Resources.Definitions.IsResourceType(TypeSegment(fullUrl)))
            {
                if (entry.Id is null)
                {
                    if (!requestBundle)
                    {
                        run.Error("invalid", $"The fullUrl '{fullUrl}' looks like a RESTful server URL, but the resource has no id.", entry.Entry);
                    }
                }
                else if (!BundleIndex.SplitVersion(fullUrl).Target.EndsWith("/" + entry.ResourceType + "/" + entry.Id, StringComparison.Ordinal))
                {
                    run.Error("invalid", $"The fullUrl '{fullUrl}' looks like a RESTful server URL, so it must end with the correct type and id (/{entry.ResourceType}/{entry.Id}).", entry.Entry);
                }
            }
        }
    }

    /// <summary>Paging links name one target each.</summary>
    private static void CheckLinks(ElementNode bundle, ValidationRun run)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in bundle.ChildrenNamed("link"))
        {
            if (link.ChildText("relation") is { } relation && relation is "self" or "first" or "previous" or "prev" or "next" or "last" && !seen.Add(relation))
            {
                run.Error("invalid", $"The link relationship type '{relation}' can only occur once.", link);
            }
        }
    }

    /// <summary>Search results: outcome entries are OperationOutcomes, matches and includes have ids.</summary>
    private static void CheckSearchEntry(BundleEntry entry, ValidationRun run)
    {
        var mode = entry.Entry.FirstChild("search")?.ChildText("mode");
        if (mode == "outcome" && entry.ResourceType != "OperationOutcome")
        {
            run.Error("invalid", $"This is not an OperationOutcome ({entry.ResourceType}), but the entry's search mode is 'outcome'.", entry.Resource!);
        }
        else if (mode is "match" or "include" && entry.Id is null)
        {
            run.Error("invalid", "Search results must have ids.", entry.Resource!);
        }
    }

    private static string TypeSegment(string url)
    {
        var target = BundleIndex.SplitVersion(url).Target;
        var idSlash = target.LastIndexOf('/');
        var typeSlash = target.LastIndexOf('/', idSlash - 1);
        return target[(typeSlash + 1)..idSlash];
    }
}
