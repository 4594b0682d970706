namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// What one JSON property name means inside one parent: the element, the instance type the name implies
/// (<c>valueQuantity</c> means <c>Quantity</c>), and how its value is shaped. Built lazily per scope and shared.
/// </summary>
internal sealed class JsonPropertyBinding
{
    private readonly FhirDefinitions _definitions;
    private ChildScope? _childScope;

    public JsonPropertyBinding(ElementDefinitionInfo element, string jsonName, string? instanceType, TypeDefinition? type, FhirDefinitions definitions)
    {
        Element = element;
        JsonName = jsonName;
        InstanceType = instanceType;
        Type = type;
        _definitions = definitions;
        IsResource = type is { Kind: TypeKind.Resource };
        IsPrimitive = type is { Kind: TypeKind.PrimitiveType };
    }

    public ElementDefinitionInfo Element { get; }

    public string JsonName { get; }

    /// <summary>Type code of instances under this name; for resource containers the declared type (<c>Resource</c>), the real one comes from <c>resourceType</c>.</summary>
    public string? InstanceType { get; }

    public TypeDefinition? Type { get; }

    public bool IsPrimitive { get; }

    /// <summary>True for elements that hold a resource (contained, Bundle.entry.resource, Parameters.parameter.resource).</summary>
    public bool IsResource { get; }

    /// <summary>Children lookup for complex (non-primitive, non-resource) values.</summary>
    public ChildScope? ChildScope
    {
        get
        {
            if (_childScope is not null || IsPrimitive || IsResource)
            {
                return _childScope;
            }

            ChildScope? scope;
            if (Element.HasInlineChildren || Element.ContentReferenceTarget is not null)
            {
                scope = Element.GetInlineScope(_definitions);
            }
            else
            {
                scope = Type?.GetScope(_definitions);
            }

            return scope is null ? null : Interlocked.CompareExchange(ref _childScope, scope, null) ?? scope;
        }
    }

    /// <summary>Scope for the <c>_name</c> companion object of a primitive: its <c>id</c> and <c>extension</c>.</summary>
    public ChildScope? PrimitiveExtensionScope => IsPrimitive ? Type!.GetScope(_definitions) : null;

    public override string ToString() => $"{Element.Path} as {JsonName}";
}
