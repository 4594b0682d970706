using System.Xml;
using System.Xml.Linq;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>
/// Compares two element trees node by node: name, instance type, resource flag, definition, primitive text and
/// children. Children are compared in definition order (stable, so repeats keep their order): neither JSON properties
/// nor, on input, XML elements promise any other order. Texts are compared exactly unless <see cref="TextComparison"/>
/// says otherwise (only for documents written by different tools).
/// </summary>
internal static class ElementTreeComparer
{
    /// <summary>The differences found, each with its location; empty when the trees are the same.</summary>
    public static IReadOnlyList<string> Differences(ElementNode expected, ElementNode actual, TextComparison comparison = TextComparison.Exact, int max = 20)
    {
        var differences = new List<string>();
        Compare(expected, actual, comparison, differences, max);
        return differences;
    }

    private static void Compare(ElementNode expected, ElementNode actual, TextComparison comparison, List<string> differences, int max)
    {
        if (differences.Count >= max)
        {
            return;
        }

        var where = expected.Location;
        if (expected.Name != actual.Name)
        {
            differences.Add($"{where}: name '{expected.Name}' vs '{actual.Name}'");
            return;
        }

        if (expected.InstanceType != actual.InstanceType)
        {
            differences.Add($"{where}: type '{expected.InstanceType}' vs '{actual.InstanceType}'");
        }

        if (expected.IsResource != actual.IsResource)
        {
            differences.Add($"{where}: IsResource {expected.IsResource} vs {actual.IsResource}");
        }

        if (!ReferenceEquals(expected.Definition, actual.Definition))
        {
            differences.Add($"{where}: definition '{expected.Definition?.Path}' vs '{actual.Definition?.Path}'");
        }

        if (!TextsMatch(expected, actual, comparison))
        {
            differences.Add($"{where}: text {Quote(expected.Text)} vs {Quote(actual.Text)}");
        }

        // Children by name in definition order, so a missing or extra element is reported as such rather than as a shift of all that follow.
        var expectedGroups = GroupByName(expected);
        var actualGroups = GroupByName(actual);
        foreach (var name in expectedGroups.Keys.Union(actualGroups.Keys))
        {
            var expectedItems = expectedGroups.GetValueOrDefault(name) ?? [];
            var actualItems = actualGroups.GetValueOrDefault(name) ?? [];
            if (expectedItems.Count != actualItems.Count)
            {
                differences.Add($"{where}.{name}: {expectedItems.Count} vs {actualItems.Count} items");
            }

            for (var i = 0; i < Math.Min(expectedItems.Count, actualItems.Count); i++)
            {
                Compare(expectedItems[i], actualItems[i], comparison, differences, max);
            }
        }
    }

    private static Dictionary<string, List<ElementNode>> GroupByName(ElementNode node)
    {
        var groups = new Dictionary<string, List<ElementNode>>(StringComparer.Ordinal);
        foreach (var child in node.Children.OrderBy(c => c.Definition?.Order ?? int.MaxValue))
        {
            if (!groups.TryGetValue(child.Name, out var items))
            {
                groups[child.Name] = items = [];
            }

            items.Add(child);
        }

        return groups;
    }

    private static bool TextsMatch(ElementNode expected, ElementNode actual, TextComparison comparison)
    {
        if (string.Equals(expected.Text, actual.Text, StringComparison.Ordinal))
        {
            return true;
        }

        if (expected.Text is null || actual.Text is null || expected.InstanceType != actual.InstanceType)
        {
            return false;
        }

        return expected.InstanceType switch
        {
            "decimal" when comparison.HasFlag(TextComparison.DecimalsByValue) => DecimalText.SameValue(expected.Text, actual.Text),
            "xhtml" when comparison.HasFlag(TextComparison.XhtmlByInfoset) => SameXhtml(expected.Text, actual.Text),
            "xhtml" when comparison.HasFlag(TextComparison.XhtmlLineEnds) => NormaliseLineEnds(expected.Text) == NormaliseLineEnds(actual.Text),
            _ => false,
        };
    }

    private static string NormaliseLineEnds(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static bool SameXhtml(string expected, string actual)
    {
        try
        {
            return XNode.DeepEquals(XElement.Parse(expected, LoadOptions.PreserveWhitespace), XElement.Parse(actual, LoadOptions.PreserveWhitespace));
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static string Quote(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }

        var shown = text.Length > 200 ? text[..200] + "..." : text;
        return "\"" + shown + "\"";
    }
}

/// <summary>How strictly <see cref="ElementTreeComparer"/> compares primitive texts.</summary>
[Flags]
internal enum TextComparison
{
    /// <summary>Ordinal equality: what one parser must give for one document, and what a round trip must keep.</summary>
    Exact = 0,

    /// <summary>Decimals equal by value (<c>1E-22</c> and <c>0.0000000000000000000001</c>): two tools may write one number differently.</summary>
    DecimalsByValue = 1,

    /// <summary>Narrative equal by XML infoset (<c>&amp;#39;</c> and <c>'</c>): two tools may escape one XHTML differently.</summary>
    XhtmlByInfoset = 2,

    /// <summary>Narrative equal once CR and CRLF are LF: XML normalises line ends (XML 1.0 §2.11), so a CR in JSON narrative comes back from XML as LF.</summary>
    XhtmlLineEnds = 4,
}
