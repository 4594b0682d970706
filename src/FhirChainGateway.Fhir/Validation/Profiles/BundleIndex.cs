using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// The entries of one Bundle indexed by fullUrl and by type/id, built once per validation so that resolving every
/// reference of a 10,000-entry Bundle stays linear. Resolution follows the specification's rules: absolute
/// references (URLs, <c>urn:uuid:</c>) match a fullUrl; relative ones are made absolute against the referring
/// entry's RESTful fullUrl, or matched by type and id when there is no such base.
/// </summary>
internal sealed class BundleIndex
{
    private readonly Dictionary<string, List<BundleEntry>> _byFullUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BundleEntry>> _byTypeAndId = new(StringComparer.Ordinal);
    private readonly Dictionary<ElementNode, BundleEntry> _byResource = new(ReferenceEqualityComparer.Instance);

    public BundleIndex(ElementNode bundle)
    {
        Bundle = bundle;
        Type = bundle.ChildText("type");
        var index = 0;
        foreach (var entry in bundle.ChildrenNamed("entry"))
        {
            var resource = entry.FirstChild("resource");
            var fullUrl = entry.ChildText("fullUrl");
            var item = new BundleEntry(index++, entry, resource, fullUrl, resource?.InstanceType, resource?.ChildText("id"), resource?.FirstChild("meta")?.ChildText("versionId"));
            Entries.Add(item);
            if (fullUrl is not null)
            {
                Add(_byFullUrl, fullUrl, item);
            }

            if (item.ResourceType is not null && item.Id is not null)
            {
                Add(_byTypeAndId, item.ResourceType + "/" + item.Id, item);
            }

            if (resource is not null)
            {
                _byResource[resource] = item;
            }
        }
    }

    public ElementNode Bundle { get; }

    /// <summary>False when the Bundle's entries changed since the index was built (entries added or removed).</summary>
    public bool IsCurrent() => Bundle.ChildrenNamed("entry").Count() == Entries.Count;

    /// <summary>Bundle.type (document, message, transaction, ...).</summary>
    public string? Type { get; }

    public List<BundleEntry> Entries { get; } = [];

    /// <summary>The entry holding a resource node, or null.</summary>
    public BundleEntry? EntryOf(ElementNode resource) => _byResource.GetValueOrDefault(resource);

    /// <summary>
    /// The entries a reference made from <paramref name="from"/> resolves to (none, one, or several when ambiguous), and
    /// whether they matched by fullUrl (the specification's rule) or only by type and id (a referring entry without a
    /// RESTful fullUrl to resolve against).
    /// </summary>
    public (IReadOnlyList<BundleEntry> Matches, bool ByFullUrl) Resolve(string reference, BundleEntry? from)
    {
        var (target, version) = SplitVersion(reference);
        if (IsAbsolute(target))
        {
            return (Filter(_byFullUrl.GetValueOrDefault(target), version), true);
        }

        if (from?.FullUrl is { } fullUrl && RestfulBase(fullUrl) is { } baseUrl)
        {
            return (Filter(_byFullUrl.GetValueOrDefault(baseUrl + "/" + target), version), true);
        }

        var byTypeAndId = Filter(_byTypeAndId.GetValueOrDefault(target), version);
        if (byTypeAndId.Count == 0 && target.LastIndexOf('/') is var slash and > 0)
        {
            // Type/uuid against urn:uuid fullUrls: matched on the id (the type is then checked against the entry's).
            return (Filter(_byFullUrl.GetValueOrDefault("urn:uuid:" + target[(slash + 1)..]), version), false);
        }

        return (byTypeAndId, false);
    }

    /// <summary>Entries with the type and id of a relative reference, whatever their fullUrl (for explaining failures).</summary>
    public IReadOnlyList<BundleEntry> WithTypeAndId(string reference) => _byTypeAndId.GetValueOrDefault(SplitVersion(reference).Target) ?? [];

    public static bool IsAbsolute(string reference) =>
        reference.StartsWith("urn:", StringComparison.Ordinal) || reference.Contains("://", StringComparison.Ordinal);

    /// <summary>The server base of a RESTful URL <c>[base]/Type/id</c>, or null.</summary>
    public static string? RestfulBase(string url)
    {
        if (!url.StartsWith("http://", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.Ordinal))
        {
            return null;
        }

        var (target, _) = SplitVersion(url);
        var idSlash = target.LastIndexOf('/');
        if (idSlash <= 0)
        {
            return null;
        }

        var typeSlash = target.LastIndexOf('/', idSlash - 1);
        if (typeSlash <= "https://".Length)
        {
            return null;
        }

        var type = target[(typeSlash + 1)..idSlash];
        return type.Length > 0 && char.IsAsciiLetterUpper(type[0]) ? target[..typeSlash] : null;
    }

    public static (string Target, string? Version) SplitVersion(string reference)
    {
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return history < 0 ? (reference, null) : (reference[..history], reference[(history + "/_history/".Length)..]);
    }

    private static IReadOnlyList<BundleEntry> Filter(List<BundleEntry>? entries, string? version)
    {
        if (entries is null)
        {
            return [];
        }

        if (version is null)
        {
            return entries;
        }

        return entries.Where(e => e.VersionId is null || e.VersionId == version).ToList();
    }

    private static void Add(Dictionary<string, List<BundleEntry>> index, string key, BundleEntry entry)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(entry);
    }
}

/// <summary>One Bundle entry as the index sees it.</summary>
internal sealed record BundleEntry(int Index, ElementNode Entry, ElementNode? Resource, string? FullUrl, string? ResourceType, string? Id, string? VersionId);
