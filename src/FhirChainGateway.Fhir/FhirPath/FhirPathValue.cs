using System.Globalization;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// One item of a FHIRPath collection: either an element of the instance tree (<see cref="Node"/>, FHIR namespace)
/// or a System value (<see cref="bool"/>, <see cref="string"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="decimal"/>, <see cref="FhirPathDate"/>, <see cref="FhirPathDateTime"/>, <see cref="FhirPathTime"/>,
/// <see cref="FhirPathQuantity"/> or a <see cref="FhirPathTypeInfo"/>).
/// </summary>
/// <remarks>A struct over one reference, so wrapping tree nodes during navigation allocates nothing.</remarks>
public readonly struct FhirPathValue
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;
    private static readonly object[] SmallIntegers = CreateSmallIntegers();

    private readonly object _item;

    private FhirPathValue(object item) => _item = item;

    /// <summary>The element, or null for a System value.</summary>
    public ElementNode? Node => _item as ElementNode;

    public bool IsNode => _item is ElementNode;

    /// <summary>The element or the System value itself.</summary>
    public object Item => _item;

    /// <summary><c>FHIR</c> for elements, <c>System</c> for System values.</summary>
    public string TypeNamespace => _item is ElementNode ? "FHIR" : "System";

    /// <summary>The FHIR type code of an element (<c>HumanName</c>, <c>code</c>) or the System type name (<c>Integer</c>).</summary>
    public string TypeName => _item switch
    {
        ElementNode node => node.InstanceType,
        bool => "Boolean",
        string => "String",
        int => "Integer",
        long => "Long",
        decimal => "Decimal",
        PartialTemporal temporal => temporal.TypeName,
        FhirPathQuantity => "Quantity",
        _ => "Object",
    };

    public static FhirPathValue FromNode(ElementNode node) => new(node ?? throw new ArgumentNullException(nameof(node)));

    public static FhirPathValue FromBoolean(bool value) => new(value ? BoxedTrue : BoxedFalse);

    public static FhirPathValue FromString(string value) => new(value ?? throw new ArgumentNullException(nameof(value)));

    public static FhirPathValue FromInteger(int value) =>
        new(value is >= -1 and < 255 ? SmallIntegers[value + 1] : value);

    public static FhirPathValue FromLong(long value) => new(value);

    public static FhirPathValue FromDecimal(decimal value) => new(value);

    public static FhirPathValue FromTemporal(PartialTemporal value) => new(value ?? throw new ArgumentNullException(nameof(value)));

    public static FhirPathValue FromQuantity(FhirPathQuantity value) => new(value ?? throw new ArgumentNullException(nameof(value)));

    public static FhirPathValue FromTypeInfo(FhirPathTypeInfo value) => new(value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Wraps an element or any supported System value (for environment variables supplied by callers).</summary>
    public static FhirPathValue From(object value) => value switch
    {
        ElementNode node => FromNode(node),
        bool b => FromBoolean(b),
        string s => FromString(s),
        int i => FromInteger(i),
        long l => FromLong(l),
        decimal d => FromDecimal(d),
        double d => FromDecimal((decimal)d),
        PartialTemporal t => FromTemporal(t),
        FhirPathQuantity q => FromQuantity(q),
        FhirPathTypeInfo t => FromTypeInfo(t),
        _ => throw new ArgumentException($"{value?.GetType().Name ?? "null"} is not a FHIRPath value.", nameof(value)),
    };

    /// <summary>
    /// The value as text: a primitive element's lexical form, a System value in FHIRPath string form, or the
    /// location of a complex element.
    /// </summary>
    public override string ToString() => _item switch
    {
        ElementNode node => node.Text ?? node.Location,
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        null => string.Empty,
        _ => _item.ToString() ?? string.Empty,
    };

    private static object[] CreateSmallIntegers()
    {
        var boxes = new object[256];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = i - 1;
        }

        return boxes;
    }
}
