using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// Orders a node's children by their definition (stable, so repeats keep their order) and groups them into JSON
/// properties. Lists are reused per depth, so writing a tree allocates almost nothing; one instance per write.
/// </summary>
internal sealed class NodeChildGrouper(FhirDefinitions definitions)
{
    private readonly List<(List<ElementNode> Ordered, List<PropertyGroup> Groups)> _levels = [];
    private readonly List<ElementDefinitionInfo> _elements = [];

    /// <summary>Groups the children of <paramref name="node"/>; the lists belong to <paramref name="depth"/> until the next call at that depth.</summary>
    public (List<ElementNode> Ordered, List<PropertyGroup> Groups) Group(ElementNode node, int depth)
    {
        while (_levels.Count <= depth)
        {
            _levels.Add(([], []));
        }

        var (ordered, groups) = _levels[depth];
        ordered.Clear();
        groups.Clear();
        var children = node.Children;
        if (children.Count == 0)
        {
            return (ordered, groups);
        }

        ChildScope? scope = null;
        _elements.Clear();
        var sorted = true;
        var previousOrder = int.MinValue;
        foreach (var child in children)
        {
            var element = child.Definition;

            // Nodes built in code may lack a definition; a root resource moved under another node still has its type's root.
            if (element is null || (child.IsResource && !element.Path.Contains('.', StringComparison.Ordinal)))
            {
                scope ??= definitions.ScopeOf(node) ?? throw new InvalidOperationException($"No definition for the type '{node.InstanceType}' of {node.Location}.");
                element = scope.FindElement(child.Name)
                    ?? throw new InvalidOperationException($"'{child.Name}' is not an element of {node.InstanceType} (at {node.Location}).");
            }

            sorted &= element.Order >= previousOrder;
            previousOrder = element.Order;
            ordered.Add(child);
            _elements.Add(element);
        }

        if (!sorted)
        {
            SortStable(ordered, _elements);
        }

        var start = 0;
        while (start < ordered.Count)
        {
            var first = ordered[start];
            var element = _elements[start];
            var end = start + 1;
            while (end < ordered.Count && ReferenceEquals(_elements[end], element)
                && (!element.IsChoice || string.Equals(ordered[end].InstanceType, first.InstanceType, StringComparison.Ordinal)))
            {
                end++;
            }

            var count = end - start;
            if (count > 1 && !element.IsCollection)
            {
                throw new InvalidOperationException($"{first.Location} has {count} values but '{element.Path}' allows one.");
            }

            groups.Add(new PropertyGroup(element, element.GetJsonName(first.InstanceType), definitions.FindType(first.InstanceType), first.IsResource, start, count));
            start = end;
        }

        return (ordered, groups);
    }

    private static void SortStable(List<ElementNode> nodes, List<ElementDefinitionInfo> elements)
    {
        // Insertion sort: children are few and usually nearly sorted; it is stable, which keeps repeats in order.
        for (var i = 1; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var element = elements[i];
            var j = i - 1;
            while (j >= 0 && elements[j].Order > element.Order)
            {
                nodes[j + 1] = nodes[j];
                elements[j + 1] = elements[j];
                j--;
            }

            nodes[j + 1] = node;
            elements[j + 1] = element;
        }
    }
}
