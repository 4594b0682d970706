using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>ValueSets and CodeSystems by canonical URL (and URL|version), kept as raw JSON.</summary>
internal sealed class TerminologyIndex
{
    private readonly Dictionary<string, TerminologyResourceInfo> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TerminologyResourceInfo>> _byType = new(StringComparer.Ordinal);

    public static TerminologyIndex Load(IEnumerable<string> coreFiles, IReadOnlyList<JsonElement> local)
    {
        var index = new TerminologyIndex();
        foreach (var file in coreFiles)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            // Kept alive for the registry's lifetime: TerminologyResourceInfo.Json points into it.
            var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var resource in document.RootElement.ResourcesOfBundleOrSelf())
            {
                index.Add(resource, DefinitionOrigin.Core, replace: false);
            }
        }

        foreach (var resource in local)
        {
            index.Add(resource, DefinitionOrigin.Local, replace: true);
        }

        return index;
    }

    public TerminologyResourceInfo? Find(string resourceType, string canonicalUrl)
    {
        if (_byKey.TryGetValue(Key(resourceType, canonicalUrl), out var found))
        {
            return found;
        }

        var bar = canonicalUrl.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && _byKey.TryGetValue(Key(resourceType, canonicalUrl[..bar]), out found) ? found : null;
    }

    public IReadOnlyCollection<TerminologyResourceInfo> All(string resourceType) =>
        _byType.TryGetValue(resourceType, out var list) ? list : [];

    private static string Key(string resourceType, string url) => resourceType + " " + url;

    private void Add(JsonElement resource, DefinitionOrigin origin, bool replace)
    {
        var resourceType = resource.GetStringOrNull("resourceType");
        var url = resource.GetStringOrNull("url");
        if (resourceType is not ("ValueSet" or "CodeSystem") || url is null)
        {
            return;
        }

        var info = new TerminologyResourceInfo
        {
            ResourceType = resourceType,
            Url = url,
            Version = resource.GetStringOrNull("version"),
            Name = resource.GetStringOrNull("name"),
            Status = resource.GetStringOrNull("status"),
            Origin = origin,
            Json = resource,
        };

        // The HL7 bundles repeat a few URLs (a v2 table in two files): the first stays.
        var key = Key(resourceType, url);
        if (!replace && _byKey.ContainsKey(key))
        {
            return;
        }

        if (_byKey.TryGetValue(key, out var previous))
        {
            _byType[resourceType].Remove(previous);
        }

        _byKey[key] = info;
        if (info.Version is not null)
        {
            _byKey[Key(resourceType, url + "|" + info.Version)] = info;
        }

        if (!_byType.TryGetValue(resourceType, out var list))
        {
            _byType[resourceType] = list = [];
        }

        list.Add(info);
    }
}
