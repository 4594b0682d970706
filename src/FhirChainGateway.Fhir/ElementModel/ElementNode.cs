using System.Text;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.ElementModel;

/// <summary>
/// One node of a typed FHIR instance tree. A resource is a node whose <see cref="InstanceType"/> is its
/// resource type; a primitive is a node with <see cref="Text"/> (its lexical form, as in the source)
/// and possibly <c>id</c>/<c>extension</c> children (the JSON <c>_name</c> companion). Repeating
/// elements are sibling nodes with the same <see cref="Name"/>; array-ness comes from the definition,
/// so serializers can always tell a list of one from a singleton.
/// </summary>
/// <remarks>
/// The tree is mutable so the gateway can assign ids, versions and rewrite references before storing;
/// the parser builds it once and hot paths navigate it without allocation beyond enumerators.
/// </remarks>
public sealed class ElementNode
{
    private List<ElementNode>? _children;
    private string? _text;
    private object? _value;

    public ElementNode(string name, string instanceType, ElementDefinitionInfo? definition = null)
    {
        Name = name;
        InstanceType = instanceType;
        Definition = definition;
    }

    /// <summary>Element name without the choice-type suffix: <c>value</c> for <c>valueQuantity</c>; the resource type for a root.</summary>
    public string Name { get; }

    /// <summary>FHIR type code of this instance: <c>string</c>, <c>Quantity</c>, <c>Patient</c>, <c>BackboneElement</c>, ...</summary>
    public string InstanceType { get; set; }

    /// <summary>The element definition this node was parsed against (null for nodes built without definitions).</summary>
    public ElementDefinitionInfo? Definition { get; set; }

    public ElementNode? Parent { get; private set; }

    /// <summary>True when the JSON name carried a type suffix (<c>valueQuantity</c>), i.e. the element is a choice.</summary>
    public bool IsChoice => Definition?.IsChoice ?? false;

    /// <summary>True when this node is a resource (root, contained, Bundle entry resource, parameter resource).</summary>
    public bool IsResource { get; init; }

    /// <summary>Lexical form of a primitive value exactly as written (decimal precision kept); null for non-primitives or an extension-only primitive.</summary>
    public string? Text
    {
        get => _text;
        set
        {
            _text = value;
            _value = null;
        }
    }

    /// <summary>
    /// Typed view of <see cref="Text"/>: <see cref="bool"/> for boolean, <see cref="int"/> for integer,
    /// positiveInt and unsignedInt, <see cref="decimal"/> for decimal, <see cref="long"/> for integer64,
    /// and the lexical string for everything else (dates and times stay strings; FHIRPath gives them
    /// their System types).
    /// </summary>
    public object? Value => _value ??= _text is null ? null : PrimitiveValues.ToTyped(InstanceType, _text);

    public bool HasValue => _text is not null;

    public IReadOnlyList<ElementNode> Children => (IReadOnlyList<ElementNode>?)_children ?? [];

    /// <summary>Position of this node among the siblings of the same name (0 for singletons).</summary>
    public int IndexInParent
    {
        get
        {
            if (Parent?._children is not { } siblings)
            {
                return 0;
            }

            var index = 0;
            foreach (var sibling in siblings)
            {
                if (ReferenceEquals(sibling, this))
                {
                    return index;
                }

                if (sibling.Name == Name)
                {
                    index++;
                }
            }

            return 0;
        }
    }

    /// <summary>Location in FHIRPath form, e.g. <c>Patient.name[0].given[1]</c>; arrays always carry an index.</summary>
    public string Location
    {
        get
        {
            var builder = new StringBuilder();
            AppendLocation(builder);
            return builder.ToString();
        }
    }

    public IEnumerable<ElementNode> ChildrenNamed(string name)
    {
        if (_children is null)
        {
            yield break;
        }

        foreach (var child in _children)
        {
            if (child.Name == name)
            {
                yield return child;
            }
        }
    }

    public ElementNode? FirstChild(string name)
    {
        if (_children is null)
        {
            return null;
        }

        foreach (var child in _children)
        {
            if (child.Name == name)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The text of the first child with this name, e.g. <c>node.ChildText("id")</c>.</summary>
    public string? ChildText(string name) => FirstChild(name)?.Text;

    /// <summary>Appends a child. Order of insertion is kept; serializers order by definition.</summary>
    public ElementNode Add(ElementNode child)
    {
        if (child.Parent is not null)
        {
            throw new InvalidOperationException($"Node '{child.Name}' already has a parent.");
        }

        child.Parent = this;
        (_children ??= []).Add(child);
        return child;
    }

    /// <summary>Inserts a child at a position among all children.</summary>
    public ElementNode Insert(int position, ElementNode child)
    {
        if (child.Parent is not null)
        {
            throw new InvalidOperationException($"Node '{child.Name}' already has a parent.");
        }

        child.Parent = this;
        (_children ??= []).Insert(position, child);
        return child;
    }

    public bool Remove(ElementNode child)
    {
        if (_children is null || !_children.Remove(child))
        {
            return false;
        }

        child.Parent = null;
        return true;
    }

    public int RemoveAll(string name)
    {
        if (_children is null)
        {
            return 0;
        }

        var removed = 0;
        for (var i = _children.Count - 1; i >= 0; i--)
        {
            if (_children[i].Name == name)
            {
                _children[i].Parent = null;
                _children.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Sets (replacing any existing) a primitive child, e.g. <c>meta.versionId</c>.</summary>
    public ElementNode SetPrimitive(string name, string instanceType, string text, ElementDefinitionInfo? definition = null)
    {
        var existing = FirstChild(name);
        if (existing is not null)
        {
            existing.InstanceType = instanceType;
            existing.Text = text;
            existing.Definition ??= definition;
            return existing;
        }

        return Add(new ElementNode(name, instanceType, definition) { Text = text });
    }

    /// <summary>Returns the first child with this name, adding an empty complex node when absent.</summary>
    public ElementNode GetOrAdd(string name, string instanceType, ElementDefinitionInfo? definition = null) =>
        FirstChild(name) ?? Add(new ElementNode(name, instanceType, definition));

    /// <summary>All nodes below this one, depth first, in document order (this node excluded).</summary>
    public IEnumerable<ElementNode> Descendants()
    {
        if (_children is null)
        {
            yield break;
        }

        var stack = new Stack<(ElementNode Node, int Next)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (node._children is null || next >= node._children.Count)
            {
                continue;
            }

            stack.Push((node, next + 1));
            var child = node._children[next];
            yield return child;
            stack.Push((child, 0));
        }
    }

    /// <summary>The nearest resource node at or above this one.</summary>
    public ElementNode? ContainingResource()
    {
        for (var node = this; node is not null; node = node.Parent)
        {
            if (node.IsResource)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>Deep copy without a parent.</summary>
    public ElementNode Clone()
    {
        var copy = new ElementNode(Name, InstanceType, Definition) { IsResource = IsResource, _text = _text };
        if (_children is not null)
        {
            foreach (var child in _children)
            {
                copy.Add(child.Clone());
            }
        }

        return copy;
    }

    public override string ToString() => HasValue ? $"{Location} = {Text}" : Location;

    private void AppendLocation(StringBuilder builder)
    {
        if (Parent is null)
        {
            builder.Append(Name);
            return;
        }

        Parent.AppendLocation(builder);
        builder.Append('.').Append(Name);
        if (Definition is null || Definition.IsCollection)
        {
            builder.Append('[').Append(IndexInParent).Append(']');
        }
    }
}
