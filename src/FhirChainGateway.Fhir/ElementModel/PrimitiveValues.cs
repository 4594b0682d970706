using System.Globalization;

namespace FhirChainGateway.Fhir.ElementModel;

/// <summary>Conversions between the lexical form of a FHIR primitive and its typed .NET value.</summary>
public static class PrimitiveValues
{
    public static object ToTyped(string instanceType, string text) => instanceType switch
    {
        "boolean" => text == "true",
        "integer" or "positiveInt" or "unsignedInt" when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        "integer64" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        "decimal" when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => text,
    };

    /// <summary>True for the FHIR primitive types whose JSON form is a number.</summary>
    public static bool IsJsonNumber(string instanceType) =>
        instanceType is "integer" or "positiveInt" or "unsignedInt" or "decimal";

    /// <summary>True for the FHIR primitive type whose JSON form is true/false.</summary>
    public static bool IsJsonBoolean(string instanceType) => instanceType == "boolean";
}
