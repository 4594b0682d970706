using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// Puts a node's children in definition order (stable, so repeats keep their order), each with the element that
/// defines it, as FHIR XML requires. Lists are reused per depth, so writing a tree allocates almost nothing; one
/// instance per write.
/// </summary>
internal sealed class XmlChildOrder(FhirDefinitions definitions)
{
    private readonly List<List<(ElementNode Node, ElementDefinitionInfo Element)>> _levels = [];

    /// <summary>The ordered children of <paramref name="node"/>; the list belongs to <paramref name="depth"/> until the next call at that depth.</summary>
    public List<(ElementNode Node, ElementDefinitionInfo Element)> Order(ElementNode node, int depth)
    {
        while (_levels.Count <= depth)
        {
            _levels.Add([]);
        }

        var ordered = _levels[depth];
        ordered.Clear();
        ChildScope? scope = null;
        var sorted = true;
        var previousOrder = int.MinValue;
        foreach (var child in node.Children)
        {
            var element = child.Definition;
            if (element is null)
            {
                // Nodes built in code may lack a definition (a resource child's definition is the element holding it).
                scope ??= definitions.ScopeOf(node) ?? throw new InvalidOperationException($"No definition for the type '{node.InstanceType}' of {node.Location}.");
                element = scope.FindElement(child.Name)
                    ?? throw new InvalidOperationException($"'{child.Name}' is not an element of {node.InstanceType} (at {node.Location}).");
            }

            sorted &= element.Order >= previousOrder;
            previousOrder = element.Order;
            ordered.Add((child, element));
        }

        if (!sorted)
        {
            SortStable(ordered);
        }

        CheckCardinality(node, ordered);
        return ordered;
    }

    private static void CheckCardinality(ElementNode node, List<(ElementNode Node, ElementDefinitionInfo Element)> ordered)
    {
        for (var i = 1; i < ordered.Count; i++)
        {
            var (previous, previousElement) = ordered[i - 1];
            if (ReferenceEquals(previousElement, ordered[i].Element) && !previousElement.IsCollection)
            {
                throw new InvalidOperationException($"{node.Location} has more than one '{previous.Name}' but '{previousElement.Path}' allows one.");
            }
        }
    }

    private static void SortStable(List<(ElementNode Node, ElementDefinitionInfo Element)> items)
    {
        // Insertion sort: children are few and usually nearly sorted; it is stable, which keeps repeats in order.
        for (var i = 1; i < items.Count; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && items[j].Element.Order > item.Element.Order)
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }
}
