using System.Collections.Frozen;
using System.Globalization;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>The toX() and convertsToX() functions. An input that does not convert gives empty (or false), never an error.</summary>
internal static class ConversionFunctions
{
    private static readonly FrozenSet<string> TrueStrings =
        new[] { "true", "t", "yes", "y", "1", "1.0" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> FalseStrings =
        new[] { "false", "f", "no", "n", "0", "0.0" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Register(Action<FunctionSignature> add)
    {
        AddPair(add, "Boolean", StaticType.Boolean, ToBoolean);
        AddPair(add, "Integer", StaticType.Integer, ToInteger);
        AddPair(add, "Long", StaticType.System(SystemTypes.Long), ToLong);
        AddPair(add, "Decimal", StaticType.Decimal, ToDecimal);
        AddPair(add, "String", StaticType.String, ToStringValue);
        AddPair(add, "Date", StaticType.Date, ToDate);
        AddPair(add, "DateTime", StaticType.DateTime, ToDateTime);
        AddPair(add, "Time", StaticType.Time, ToTime);

        add(new("toQuantity", 0, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            Collections.Optional(ToQuantity(call, frame, focus)))
        {
            ResultType = _ => StaticType.Quantity,
        });
        add(new("convertsToQuantity", 0, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            focus.Count == 0 ? Collections.Empty : Collections.Boolean(ToQuantity(call, frame, focus) is not null))
        {
            ResultType = ResultTypes.Boolean,
        });
    }

    /// <summary>Converts a System value to a String as toString() does; null for values without a string form.</summary>
    public static string? AsString(object? value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        PartialTemporal t => t.ToString(),
        FhirPathQuantity q => q.ToString(),
        _ => null,
    };

    private static void AddPair(Action<FunctionSignature> add, string typeName, StaticType type, Func<object, FhirPathValue?> convert)
    {
        add(new("to" + typeName, 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
            Collections.Optional(Convert(call, focus, convert)))
        {
            ResultType = _ => type,
        });
        add(new("convertsTo" + typeName, 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
            focus.Count == 0 ? Collections.Empty : Collections.Boolean(Convert(call, focus, convert) is not null))
        {
            ResultType = ResultTypes.Boolean,
        });
    }

    private static FhirPathValue? Convert(FunctionEvaluator call, IReadOnlyList<FhirPathValue> focus, Func<object, FhirPathValue?> convert)
    {
        if (call.SingleInput(focus) is not { } item || Primitives.ToSystem(item) is not { } value)
        {
            return null;
        }

        return convert(value);
    }

    private static FhirPathValue? ToBoolean(object value) => value switch
    {
        bool b => FhirPathValue.FromBoolean(b),
        int i => i switch { 1 => FhirPathValue.FromBoolean(true), 0 => FhirPathValue.FromBoolean(false), _ => null },
        long l => l switch { 1 => FhirPathValue.FromBoolean(true), 0 => FhirPathValue.FromBoolean(false), _ => null },
        decimal d => d == 1m ? FhirPathValue.FromBoolean(true) : d == 0m ? FhirPathValue.FromBoolean(false) : null,
        string s when TrueStrings.Contains(s) => FhirPathValue.FromBoolean(true),
        string s when FalseStrings.Contains(s) => FhirPathValue.FromBoolean(false),
        _ => null,
    };

    private static FhirPathValue? ToInteger(object value) => value switch
    {
        int i => FhirPathValue.FromInteger(i),
        long l when l is >= int.MinValue and <= int.MaxValue => FhirPathValue.FromInteger((int)l),
        bool b => FhirPathValue.FromInteger(b ? 1 : 0),
        string s when IsInteger(s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => FhirPathValue.FromInteger(i),
        _ => null,
    };

    private static FhirPathValue? ToLong(object value) => value switch
    {
        int i => FhirPathValue.FromLong(i),
        long l => FhirPathValue.FromLong(l),
        bool b => FhirPathValue.FromLong(b ? 1 : 0),
        string s when IsInteger(s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => FhirPathValue.FromLong(l),
        _ => null,
    };

    private static FhirPathValue? ToDecimal(object value) => value switch
    {
        int i => FhirPathValue.FromDecimal(i),
        long l => FhirPathValue.FromDecimal(l),
        decimal d => FhirPathValue.FromDecimal(d),
        bool b => FhirPathValue.FromDecimal(b ? 1.0m : 0.0m),
        string s when FhirPathDecimal.TryParse(s, out var d) => FhirPathValue.FromDecimal(d),
        _ => null,
    };

    private static FhirPathValue? ToStringValue(object value) =>
        AsString(value) is { } text ? FhirPathValue.FromString(text) : null;

    private static FhirPathValue? ToDate(object value) => value switch
    {
        FhirPathDate d => FhirPathValue.FromTemporal(d),
        FhirPathDateTime dt => FhirPathValue.FromTemporal(new FhirPathDate(dt.Parts with
        {
            Precision = dt.Precision > TemporalPrecision.Day ? TemporalPrecision.Day : dt.Precision,
        })),
        string s when FhirPathDate.TryParse(s, out var d) => FhirPathValue.FromTemporal(d),
        string s when FhirPathDateTime.TryParse(s, out var dt) => ToDate(dt),
        _ => null,
    };

    private static FhirPathValue? ToDateTime(object value) => value switch
    {
        FhirPathDateTime dt => FhirPathValue.FromTemporal(dt),
        FhirPathDate d => FhirPathValue.FromTemporal(d.ToDateTimeValue()),
        string s when FhirPathDateTime.TryParse(s, out var dt) => FhirPathValue.FromTemporal(dt),
        _ => null,
    };

    private static FhirPathValue? ToTime(object value) => value switch
    {
        FhirPathTime t => FhirPathValue.FromTemporal(t),
        string s when FhirPathTime.TryParse(s, out var t) => FhirPathValue.FromTemporal(t),
        _ => null,
    };

    private static FhirPathValue? ToQuantity(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (call.SingleInput(focus) is not { } item || Primitives.ToSystem(item) is not { } value)
        {
            return null;
        }

        FhirPathQuantity? quantity = value switch
        {
            FhirPathQuantity q => q,
            int i => new FhirPathQuantity(i),
            long l => new FhirPathQuantity(l),
            decimal d => new FhirPathQuantity(d),
            bool b => new FhirPathQuantity(b ? 1.0m : 0.0m),
            string s when FhirPathQuantity.TryParse(s, out var parsed) => parsed,
            _ => null,
        };
        if (quantity is null)
        {
            return null;
        }

        if (call.ArgumentCount == 1 && call.StringArgument(0, frame) is { } unit)
        {
            quantity = QuantityMath.ConvertTo(quantity, unit);
        }

        return quantity is null ? null : FhirPathValue.FromQuantity(quantity);
    }

    private static bool IsInteger(string text)
    {
        var start = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
