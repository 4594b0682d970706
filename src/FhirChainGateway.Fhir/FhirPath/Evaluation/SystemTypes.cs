using System.Collections.Frozen;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// The FHIRPath System types and how FHIR types map onto them: each FHIR primitive implicitly converts to one System
/// type (<c>code</c> to String, <c>instant</c> to DateTime) and the Quantity family converts to System.Quantity.
/// </summary>
internal static class SystemTypes
{
    public const string Boolean = "Boolean";
    public const string String = "String";
    public const string Integer = "Integer";
    public const string Long = "Long";
    public const string Decimal = "Decimal";
    public const string Date = "Date";
    public const string DateTime = "DateTime";
    public const string Time = "Time";
    public const string Quantity = "Quantity";

    public static readonly FrozenSet<string> All = new[]
    {
        Boolean, String, Integer, Long, Decimal, Date, DateTime, Time, Quantity, "Any", "Object",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>FHIR type code (and the System-qualified codes the definitions use for element ids and urls) to System type.</summary>
    private static readonly FrozenDictionary<string, string> FhirToSystem = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["boolean"] = Boolean,
        ["integer"] = Integer,
        ["unsignedInt"] = Integer,
        ["positiveInt"] = Integer,
        ["integer64"] = Long,
        ["decimal"] = Decimal,
        ["date"] = Date,
        ["dateTime"] = DateTime,
        ["instant"] = DateTime,
        ["time"] = Time,
        ["string"] = String,
        ["code"] = String,
        ["id"] = String,
        ["markdown"] = String,
        ["uri"] = String,
        ["url"] = String,
        ["canonical"] = String,
        ["oid"] = String,
        ["uuid"] = String,
        ["base64Binary"] = String,
        ["xhtml"] = String,
        ["Quantity"] = Quantity,
        ["Age"] = Quantity,
        ["Distance"] = Quantity,
        ["Duration"] = Quantity,
        ["Count"] = Quantity,
        ["SimpleQuantity"] = Quantity,
        ["MoneyQuantity"] = Quantity,
        ["System.Boolean"] = Boolean,
        ["System.String"] = String,
        ["System.Integer"] = Integer,
        ["System.Decimal"] = Decimal,
        ["System.Date"] = Date,
        ["System.DateTime"] = DateTime,
        ["System.Time"] = Time,
        ["http://hl7.org/fhirpath/System.String"] = String,
        ["http://hl7.org/fhirpath/System.Boolean"] = Boolean,
        ["http://hl7.org/fhirpath/System.Integer"] = Integer,
        ["http://hl7.org/fhirpath/System.Decimal"] = Decimal,
        ["http://hl7.org/fhirpath/System.Date"] = Date,
        ["http://hl7.org/fhirpath/System.DateTime"] = DateTime,
        ["http://hl7.org/fhirpath/System.Time"] = Time,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The FHIR primitive type hierarchy of R4 (what a definitions registry would report), used when the engine runs
    /// without one so <c>code.is(string)</c> still holds.
    /// </summary>
    private static readonly FrozenDictionary<string, string> PrimitiveBases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["code"] = "string",
        ["id"] = "string",
        ["markdown"] = "string",
        ["url"] = "uri",
        ["canonical"] = "uri",
        ["oid"] = "uri",
        ["uuid"] = "uri",
        ["unsignedInt"] = "integer",
        ["positiveInt"] = "integer",
        ["Age"] = "Quantity",
        ["Distance"] = "Quantity",
        ["Duration"] = "Quantity",
        ["Count"] = "Quantity",
        ["SimpleQuantity"] = "Quantity",
        ["MoneyQuantity"] = "Quantity",
        ["DomainResource"] = "Resource",
        ["BackboneElement"] = "Element",
        ["Bundle"] = "Resource",
        ["Binary"] = "Resource",
        ["Parameters"] = "Resource",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The System type a FHIR (or System-qualified) type code converts to, or null for complex types.</summary>
    public static string? SystemTypeOf(string fhirType) => FhirToSystem.GetValueOrDefault(fhirType);

    public static bool IsFhirPrimitive(string fhirType) =>
        FhirToSystem.TryGetValue(fhirType, out var system) && system != Quantity && char.IsAsciiLetterLower(fhirType[0]);

    /// <summary>Built-in base type of a few FHIR types, for engines without a definitions model.</summary>
    public static string? FallbackBaseOf(string fhirType) => PrimitiveBases.GetValueOrDefault(fhirType);
}
