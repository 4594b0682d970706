using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>Search parameters per resource type, with the ones defined on Resource and DomainResource inherited.</summary>
internal sealed class SearchParameterIndex
{
    private readonly Dictionary<string, IReadOnlyList<SearchParameterInfo>> _byResourceType;
    private readonly Dictionary<string, Dictionary<string, SearchParameterInfo>> _byResourceTypeAndCode;
    private readonly Dictionary<string, SearchParameterInfo> _byUrl;

    private SearchParameterIndex(List<SearchParameterInfo> all, FhirDefinitions definitions)
    {
        _byUrl = new Dictionary<string, SearchParameterInfo>(StringComparer.Ordinal);
        foreach (var parameter in all)
        {
            _byUrl[parameter.Url] = parameter;
        }

        var byBase = new Dictionary<string, List<SearchParameterInfo>>(StringComparer.Ordinal);
        foreach (var parameter in all)
        {
            foreach (var baseType in parameter.Base)
            {
                if (!byBase.TryGetValue(baseType, out var list))
                {
                    byBase[baseType] = list = [];
                }

                list.Add(parameter);
            }
        }

        _byResourceType = new Dictionary<string, IReadOnlyList<SearchParameterInfo>>(StringComparer.Ordinal);
        _byResourceTypeAndCode = new Dictionary<string, Dictionary<string, SearchParameterInfo>>(StringComparer.Ordinal);
        var resourceTypes = definitions.Types.Where(t => t.Kind == TypeKind.Resource).Select(t => t.Name);
        foreach (var resourceType in resourceTypes)
        {
            var byCode = new Dictionary<string, SearchParameterInfo>(StringComparer.Ordinal);

            // Most general first so that a parameter on the type itself, and a local one, wins over an inherited or core one.
            var chain = definitions.BaseTypesOf(resourceType).Reverse().Append(resourceType);
            foreach (var origin in new[] { DefinitionOrigin.Core, DefinitionOrigin.Local })
            {
                foreach (var type in chain)
                {
                    foreach (var parameter in byBase.GetValueOrDefault(type) ?? [])
                    {
                        if (parameter.Origin == origin)
                        {
                            byCode[parameter.Code] = parameter;
                        }
                    }
                }
            }

            _byResourceTypeAndCode[resourceType] = byCode;
            _byResourceType[resourceType] = byCode.Values.OrderBy(p => p.Code, StringComparer.Ordinal).ToArray();
        }
    }

    public static SearchParameterIndex Load(string coreFile, IReadOnlyList<JsonElement> local, FhirDefinitions definitions)
    {
        var all = new List<SearchParameterInfo>();
        if (File.Exists(coreFile))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(coreFile));
            foreach (var resource in document.RootElement.ResourcesOfBundleOrSelf())
            {
                if (Read(resource, DefinitionOrigin.Core) is { } parameter)
                {
                    all.Add(parameter);
                }
            }
        }

        foreach (var resource in local)
        {
            if (Read(resource, DefinitionOrigin.Local) is { } parameter)
            {
                all.Add(parameter);
            }
        }

        return new SearchParameterIndex(all, definitions);
    }

    public IReadOnlyList<SearchParameterInfo> For(string resourceType) =>
        _byResourceType.TryGetValue(resourceType, out var list) ? list : [];

    public SearchParameterInfo? Find(string resourceType, string code) =>
        _byResourceTypeAndCode.TryGetValue(resourceType, out var byCode) && byCode.TryGetValue(code, out var parameter) ? parameter : null;

    public SearchParameterInfo? FindByUrl(string url) => _byUrl.GetValueOrDefault(url);

    private static SearchParameterInfo? Read(JsonElement resource, DefinitionOrigin origin)
    {
        var url = resource.GetStringOrNull("url");
        var code = resource.GetStringOrNull("code");
        var type = resource.GetStringOrNull("type") switch
        {
            "number" => SearchParamType.Number,
            "date" => SearchParamType.Date,
            "string" => SearchParamType.String,
            "token" => SearchParamType.Token,
            "reference" => SearchParamType.Reference,
            "composite" => SearchParamType.Composite,
            "quantity" => SearchParamType.Quantity,
            "uri" => SearchParamType.Uri,
            "special" => SearchParamType.Special,
            _ => (SearchParamType?)null,
        };
        if (url is null || code is null || type is null)
        {
            return null;
        }

        var components = new List<SearchParameterComponentInfo>();
        foreach (var component in resource.GetArrayOrEmpty("component"))
        {
            components.Add(new SearchParameterComponentInfo(component.GetStringOrNull("definition") ?? string.Empty, component.GetStringOrNull("expression") ?? string.Empty));
        }

        return new SearchParameterInfo
        {
            Url = url,
            Code = code,
            Name = resource.GetStringOrNull("name") ?? code,
            Type = type.Value,
            Expression = resource.GetStringOrNull("expression"),
            Base = resource.GetStrings("base"),
            Target = resource.GetStrings("target"),
            Components = components,
            Modifiers = resource.GetStrings("modifier"),
            Comparators = resource.GetStrings("comparator"),
            MultipleOr = resource.GetBooleanOr("multipleOr", true),
            MultipleAnd = resource.GetBooleanOr("multipleAnd", true),
            Origin = origin,
        };
    }
}
