using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>now, today, timeOfDay, lowBoundary, highBoundary, precision and the component functions (yearOf, ...).</summary>
internal static class DateTimeFunctions
{
    public static void Register(Action<FunctionSignature> add)
    {
        add(new("now", 0, 0, (FunctionEvaluator _, in Frame frame, IReadOnlyList<FhirPathValue> _) =>
            [FhirPathValue.FromTemporal(frame.State.NowValue)])
        {
            ResultType = _ => StaticType.DateTime,
        });
        add(new("today", 0, 0, (FunctionEvaluator _, in Frame frame, IReadOnlyList<FhirPathValue> _) =>
            [FhirPathValue.FromTemporal(FhirPathDate.FromDateTime(frame.State.Now))])
        {
            ResultType = _ => StaticType.Date,
        });
        add(new("timeOfDay", 0, 0, (FunctionEvaluator _, in Frame frame, IReadOnlyList<FhirPathValue> _) =>
        {
            var now = frame.State.NowValue.Parts;
            return [FhirPathValue.FromTemporal(new FhirPathTime(now))];
        })
        {
            ResultType = _ => StaticType.Time,
        });
        add(new("lowBoundary", 0, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) => Boundary(call, frame, focus, low: true))
        {
            ResultType = ResultTypes.SingleOfInput,
            ArgumentTypes = [SystemTypes.Integer],
        });
        add(new("highBoundary", 0, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) => Boundary(call, frame, focus, low: false))
        {
            ResultType = ResultTypes.SingleOfInput,
            ArgumentTypes = [SystemTypes.Integer],
        });
        add(new("precision", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
        {
            if (call.SingleInput(focus) is not { } item)
            {
                return Collections.Empty;
            }

            return Primitives.ToSystem(item) switch
            {
                decimal d => [FhirPathValue.FromInteger(d.Scale)],
                int or long => [FhirPathValue.FromInteger(0)],
                PartialTemporal t => [FhirPathValue.FromInteger(t.PrecisionDigits)],
                _ => Collections.Empty,
            };
        })
        {
            ResultType = ResultTypes.Integer,
        });

        AddComponent(add, "yearOf", TemporalPrecision.Year, t => t.Year);
        AddComponent(add, "monthOf", TemporalPrecision.Month, t => t.Month);
        AddComponent(add, "dayOf", TemporalPrecision.Day, t => t.Day);
        AddComponent(add, "hourOf", TemporalPrecision.Hour, t => t.Hour);
        AddComponent(add, "minuteOf", TemporalPrecision.Minute, t => t.Minute);
        AddComponent(add, "secondOf", TemporalPrecision.Second, t => t.Second);
        AddComponent(add, "millisecondOf", TemporalPrecision.Millisecond, t => t.Millisecond);
    }

    private static IReadOnlyList<FhirPathValue> Boundary(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus, bool low)
    {
        if (call.SingleInput(focus) is not { } item)
        {
            return Collections.Empty;
        }

        var precision = call.ArgumentCount > 0 ? call.IntegerArgument(0, frame) : null;
        if (call.ArgumentCount > 0 && precision is null)
        {
            return Collections.Empty;
        }

        FhirPathValue? result = Primitives.ToSystem(item) switch
        {
            int i => FromDecimal(low ? Boundaries.LowDecimal(i, precision) : Boundaries.HighDecimal(i, precision)),
            long l => FromDecimal(low ? Boundaries.LowDecimal(l, precision) : Boundaries.HighDecimal(l, precision)),
            decimal d => FromDecimal(low ? Boundaries.LowDecimal(d, precision) : Boundaries.HighDecimal(d, precision)),
            FhirPathQuantity q when (low ? Boundaries.LowDecimal(q.Value, precision) : Boundaries.HighDecimal(q.Value, precision)) is { } v =>
                FhirPathValue.FromQuantity(new FhirPathQuantity(v, q.Unit)),
            PartialTemporal t when (low ? Boundaries.LowTemporal(t, precision) : Boundaries.HighTemporal(t, precision)) is { } bound =>
                FhirPathValue.FromTemporal(bound),
            _ => null,
        };
        return Collections.Optional(result);
    }

    private static FhirPathValue? FromDecimal(decimal? value) => value is { } d ? FhirPathValue.FromDecimal(d) : null;

    private static void AddComponent(Action<FunctionSignature> add, string name, TemporalPrecision needed, Func<PartialTemporal, int> component)
    {
        add(new(name, 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
        {
            if (call.SingleInput(focus) is not { } item || Primitives.ToSystem(item) is not PartialTemporal value)
            {
                return Collections.Empty;
            }

            var hasComponent = value is FhirPathTime ? needed >= TemporalPrecision.Hour && value.Precision >= needed : value.Precision >= needed;
            return hasComponent ? [FhirPathValue.FromInteger(component(value))] : Collections.Empty;
        })
        {
            ResultType = ResultTypes.Integer,
        });
    }
}
