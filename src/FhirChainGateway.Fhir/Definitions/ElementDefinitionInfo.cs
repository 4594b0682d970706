using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// The compact part of an ElementDefinition that parsing, serialization and structural validation need.
/// Built once from the snapshots of the HL7 definitions (or from the compact cache) and shared read-only.
/// </summary>
public sealed class ElementDefinitionInfo
{
    private JsonPropertyName[]? _jsonNames;
    private ChildScope? _inlineScope;

    /// <summary>Full path, e.g. <c>Patient.contact.name</c> or <c>Observation.value[x]</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Last path segment without <c>[x]</c>: <c>value</c> for <c>Observation.value[x]</c>.</summary>
    public required string Name { get; init; }

    /// <summary>True for <c>[x]</c> elements, whose JSON name carries the type (<c>valueQuantity</c>).</summary>
    public bool IsChoice { get; init; }

    public int Min { get; init; }

    /// <summary>Maximum cardinality; null means unbounded (<c>*</c>).</summary>
    public int? Max { get; init; }

    /// <summary>
    /// True when the JSON form is an array: decided by the base definition's max (a profile that narrows
    /// a list to 1 keeps the array form), so it can differ from <see cref="Max"/>.
    /// </summary>
    public bool IsCollection { get; init; }

    /// <summary>Allowed type codes (<c>string</c>, <c>Quantity</c>, <c>Reference</c>, <c>BackboneElement</c>, ...).</summary>
    /// <remarks>
    /// FHIRPath System type codes of the definitions are replaced by the FHIR type they stand for
    /// (<c>Element.id</c> is <c>string</c>, <c>Extension.url</c> is <c>uri</c>), and <c>Resource.id</c> is <c>id</c>
    /// as the specification's narrative says. Elements defined by <see cref="ContentReference"/> carry the
    /// types of the element they refer to.
    /// </remarks>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Inline children of a BackboneElement/Element; empty for elements typed by a named type.</summary>
    public IReadOnlyList<ElementDefinitionInfo> Children { get; init; } = [];

    /// <summary>For elements defined by reference to another (<c>#Questionnaire.item</c>), that element's path (<c>Questionnaire.item</c>).</summary>
    public string? ContentReference { get; init; }

    /// <summary>Position among the siblings in the definition: serializers write elements in this order.</summary>
    public int Order { get; init; }

    public bool IsModifier { get; init; }

    public bool IsSummary { get; init; }

    /// <summary>Canonical URLs of the profiles allowed as targets of Reference/canonical types (all types merged).</summary>
    public IReadOnlyList<string> TargetProfiles { get; init; } = [];

    /// <summary>Canonical URLs of the profiles the element's types must conform to (e.g. SimpleQuantity).</summary>
    public IReadOnlyList<string> TypeProfiles { get; init; } = [];

    public ElementBinding? Binding { get; init; }

    /// <summary>Invariants declared on this element (including the inherited ones the snapshot repeats, like ele-1).</summary>
    public IReadOnlyList<ElementConstraint> Constraints { get; init; } = [];

    /// <summary>True when FHIR XML writes the element as an attribute (<c>Element.id</c>, <c>Extension.url</c>).</summary>
    public bool IsXmlAttribute { get; init; }

    /// <summary>
    /// False for the ids (<c>Element.id</c>, <c>Resource.id</c>): their definitions use a FHIRPath System type,
    /// so they cannot carry id/extension and JSON has no <c>_id</c> companion.
    /// </summary>
    public bool AllowsExtensions { get; init; } = true;

    /// <summary>ElementDefinition.maxLength (for strings), when the definition sets one.</summary>
    public int? MaxLength { get; init; }

    public bool IsRequired => Min > 0;

    /// <summary>True when the children are defined inline (BackboneElement/Element), not by a named type.</summary>
    public bool HasInlineChildren => Children.Count > 0;

    /// <summary>The target of <see cref="ContentReference"/>, resolved when the registry was built.</summary>
    public ElementDefinitionInfo? ContentReferenceTarget { get; internal set; }

    /// <summary>The inline child with this name (without <c>[x]</c>), or null.</summary>
    public ElementDefinitionInfo? FindChild(string name)
    {
        var children = Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (string.Equals(children[i].Name, name, StringComparison.Ordinal))
            {
                return children[i];
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="typeCode"/> is one of <see cref="Types"/>.</summary>
    public bool AllowsType(string typeCode)
    {
        var types = Types;
        for (var i = 0; i < types.Count; i++)
        {
            if (string.Equals(types[i], typeCode, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The JSON property name for an instance of this element: <c>valueQuantity</c> for a choice, <see cref="Name"/> otherwise.</summary>
    public string JsonName(string instanceType) => GetJsonName(instanceType).Name;

    public override string ToString() => Path;

    internal JsonPropertyName GetJsonName(string instanceType)
    {
        var names = _jsonNames ?? InitJsonNames();
        if (!IsChoice)
        {
            return names[0];
        }

        var types = Types;
        for (var i = 0; i < types.Count; i++)
        {
            if (ReferenceEquals(types[i], instanceType) || string.Equals(types[i], instanceType, StringComparison.Ordinal))
            {
                return names[i];
            }
        }

        // A programmatically built node with a type the definition does not allow: the validator reports it,
        // the serializer still needs a name.
        return new JsonPropertyName(ChoiceJsonName(Name, instanceType));
    }

    /// <summary>The lookup of this element's inline children (or its content reference's) by JSON property name.</summary>
    internal ChildScope GetInlineScope(FhirDefinitions definitions)
    {
        if (_inlineScope is not null)
        {
            return _inlineScope;
        }

        var source = ContentReferenceTarget ?? this;
        var scope = ReferenceEquals(source, this) ? new ChildScope(Children, definitions) : source.GetInlineScope(definitions);
        return Interlocked.CompareExchange(ref _inlineScope, scope, null) ?? scope;
    }

    internal static string ChoiceJsonName(string name, string typeCode) =>
        typeCode.Length == 0 ? name : string.Concat(name, char.ToUpperInvariant(typeCode[0]).ToString(), typeCode.AsSpan(1));

    private JsonPropertyName[] InitJsonNames()
    {
        JsonPropertyName[] names;
        if (IsChoice)
        {
            names = new JsonPropertyName[Types.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = new JsonPropertyName(ChoiceJsonName(Name, Types[i]));
            }
        }
        else
        {
            names = [new JsonPropertyName(Name)];
        }

        return Interlocked.CompareExchange(ref _jsonNames, names, null) ?? names;
    }
}

/// <summary>A JSON property name with its pre-encoded forms (plain and <c>_</c>-prefixed), so writers never re-encode names.</summary>
internal sealed class JsonPropertyName
{
    public JsonPropertyName(string name)
    {
        Name = name;
        UnderscoreName = "_" + name;
        Encoded = JsonEncodedText.Encode(name);
        EncodedUnderscore = JsonEncodedText.Encode(UnderscoreName);
    }

    public string Name { get; }

    public string UnderscoreName { get; }

    public JsonEncodedText Encoded { get; }

    public JsonEncodedText EncodedUnderscore { get; }
}
