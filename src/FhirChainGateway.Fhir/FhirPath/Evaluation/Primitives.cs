using System.Globalization;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Implicit conversion of items to System values, the form every operator and function works on.</summary>
internal static class Primitives
{
    /// <summary>
    /// The System value of an item: System values as they are, FHIR primitives converted by type (a primitive
    /// carrying only extensions has none), FHIR Quantity-family elements as System.Quantity; null otherwise.
    /// </summary>
    public static object? ToSystem(in FhirPathValue value)
    {
        if (value.Item is not ElementNode node)
        {
            return value.Item;
        }

        var systemType = SystemTypes.SystemTypeOf(node.InstanceType);
        if (systemType is null)
        {
            return null;
        }

        if (systemType == SystemTypes.Quantity)
        {
            return QuantityOf(node);
        }

        var text = node.Text;
        if (text is null)
        {
            return null;
        }

        switch (systemType)
        {
            case SystemTypes.Boolean:
                return text == "true";
            case SystemTypes.Integer:
                return node.Value as int? ?? (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null);
            case SystemTypes.Long:
                return node.Value as long? ?? (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null);
            case SystemTypes.Decimal:
                return node.Value as decimal? ?? (FhirPathDecimal.TryParse(text, out var d) ? d : null);
            // Malformed dates have no value here; reporting them is the validator's business.
            case SystemTypes.Date:
                return FhirPathDate.TryParse(text, out var date) ? date : null;
            case SystemTypes.DateTime:
                return FhirPathDateTime.TryParse(text, out var dateTime) ? dateTime : null;
            case SystemTypes.Time:
                return FhirPathTime.TryParse(text, out var time) ? time : null;
            default:
                return text;
        }
    }

    /// <summary>True when the item is a primitive with a value (a System value, or a FHIR primitive that has one).</summary>
    public static bool HasPrimitiveValue(in FhirPathValue value) =>
        value.Item is not ElementNode node || (node.HasValue && SystemTypes.SystemTypeOf(node.InstanceType) is not (null or SystemTypes.Quantity));

    /// <summary>The item as a string when it is String-typed (FHIR string family or System.String); null otherwise.</summary>
    public static string? AsString(in FhirPathValue value) => ToSystem(value) as string;

    /// <summary>A FHIR Quantity element as System.Quantity: the UCUM code when the system is UCUM, else the unit text.</summary>
    public static FhirPathQuantity? QuantityOf(ElementNode node)
    {
        var valueNode = node.FirstChild("value");
        if (valueNode?.Text is not { } text || !FhirPathDecimal.TryParse(text, out var amount))
        {
            return null;
        }

        var system = node.ChildText("system");
        var code = node.ChildText("code");
        string? unit;
        if (code is not null && (system is null || system == "http://unitsofmeasure.org"))
        {
            unit = code;
        }
        else
        {
            unit = node.ChildText("unit") ?? code;
        }

        return new FhirPathQuantity(amount, unit);
    }
}
