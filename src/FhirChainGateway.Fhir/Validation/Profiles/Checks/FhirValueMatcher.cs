using System.Globalization;
using System.Text.Json;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// Compares an instance node with a value given in FHIR JSON (a profile's <c>fixed[x]</c> or <c>pattern[x]</c>):
/// exactly (fixed: same properties, same values, same counts) or as a pattern (every property of the pattern is
/// present with a matching value; arrays match when each pattern item matches some instance item).
/// </summary>
internal static class FhirValueMatcher
{
    public static bool Matches(ElementNode node, JsonElement value, bool exact)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return MatchesObject(node, value, exact);
            case JsonValueKind.Array:
                // A pattern given as an array (not valid FHIR, but seen): any item matching will do.
                foreach (var item in value.EnumerateArray())
                {
                    if (Matches(node, item, exact))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return PrimitiveEquals(node.Text, value);
        }
    }

    /// <summary>The text of a primitive JSON value (as FHIR writes it), for messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => Texts.Shorten(value.GetRawText()),
    };

    public static bool PrimitiveEquals(string? text, JsonElement value)
    {
        if (text is null)
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return string.Equals(text, value.GetString(), StringComparison.Ordinal);
            case JsonValueKind.True:
                return text == "true";
            case JsonValueKind.False:
                return text == "false";
            case JsonValueKind.Number:
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                    && decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                    && a == b;
            default:
                return false;
        }
    }

    /// <summary>The children of a node that a JSON property name stands for (<c>valueQuantity</c> is the Quantity-typed <c>value</c>).</summary>
    public static IEnumerable<ElementNode> ChildrenForJsonName(ElementNode node, string jsonName)
    {
        foreach (var child in node.Children)
        {
            if (JsonNameOf(child) == jsonName)
            {
                yield return child;
            }
        }
    }

    public static string JsonNameOf(ElementNode child)
    {
        if (child.Definition?.IsChoice == true || child.Definition is null && child.Name == "value" && child.Parent?.InstanceType == "Extension")
        {
            var type = child.InstanceType;
            return type.Length == 0 ? child.Name : string.Concat(child.Name, char.ToUpperInvariant(type[0]).ToString(), type.AsSpan(1));
        }

        return child.Name;
    }

    private static bool MatchesObject(ElementNode node, JsonElement value, bool exact)
    {
        var used = exact ? new HashSet<ElementNode>(ReferenceEqualityComparer.Instance) : null;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name.StartsWith('_') || property.Name == "resourceType")
            {
                continue;
            }

            var children = ChildrenForJsonName(node, property.Name).ToList();
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                var items = property.Value.EnumerateArray().ToList();
                if (exact)
                {
                    if (items.Count != children.Count)
                    {
                        return false;
                    }

                    for (var i = 0; i < items.Count; i++)
                    {
                        if (!Matches(children[i], items[i], exact: true))
                        {
                            return false;
                        }

                        used!.Add(children[i]);
                    }
                }
                else
                {
                    foreach (var item in items)
                    {
                        if (!children.Any(c => Matches(c, item, exact: false)))
                        {
                            return false;
                        }
                    }
                }
            }
            else
            {
                if (exact)
                {
                    if (children.Count != 1 || !Matches(children[0], property.Value, exact: true))
                    {
                        return false;
                    }

                    used!.Add(children[0]);
                }
                else if (!children.Any(c => Matches(c, property.Value, exact: false)))
                {
                    return false;
                }
            }
        }

        if (exact)
        {
            foreach (var child in node.Children)
            {
                if (!used!.Contains(child))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
