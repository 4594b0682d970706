namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// The children allowed under one parent (a type's root, an inline backbone element, or a content reference's
/// target), with lookups by JSON property name (span-based, so the parser never allocates names) and by element name.
/// </summary>
internal sealed class ChildScope
{
    private readonly Dictionary<string, JsonPropertyBinding> _byJsonName;
    private readonly Dictionary<string, JsonPropertyBinding>.AlternateLookup<ReadOnlySpan<char>> _byJsonNameSpan;
    private readonly Dictionary<string, ElementDefinitionInfo> _byName;

    public ChildScope(IReadOnlyList<ElementDefinitionInfo> elements, FhirDefinitions definitions)
    {
        Elements = elements;
        _byJsonName = new Dictionary<string, JsonPropertyBinding>(StringComparer.Ordinal);
        _byName = new Dictionary<string, ElementDefinitionInfo>(elements.Count, StringComparer.Ordinal);
        foreach (var element in elements)
        {
            _byName[element.Name] = element;
            if (element.IsChoice)
            {
                foreach (var typeCode in element.Types)
                {
                    var jsonName = element.JsonName(typeCode);
                    _byJsonName[jsonName] = new JsonPropertyBinding(element, jsonName, typeCode, definitions.FindType(typeCode), definitions);
                }
            }
            else
            {
                var typeCode = element.Types.Count > 0 ? element.Types[0] : null;
                var type = typeCode is null ? null : definitions.FindType(typeCode);
                _byJsonName[element.Name] = new JsonPropertyBinding(element, element.Name, typeCode, type, definitions);
            }
        }

        _byJsonNameSpan = _byJsonName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<ElementDefinitionInfo> Elements { get; }

    public JsonPropertyBinding? FindJson(ReadOnlySpan<char> jsonName) =>
        _byJsonNameSpan.TryGetValue(jsonName, out var binding) ? binding : null;

    public JsonPropertyBinding? FindJson(string jsonName) =>
        _byJsonName.TryGetValue(jsonName, out var binding) ? binding : null;

    public ElementDefinitionInfo? FindElement(string name) =>
        _byName.TryGetValue(name, out var element) ? element : null;
}
