using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>
/// abs, ceiling, exp, floor, ln, log, power, round, sqrt, truncate. Results that are not real numbers (the square
/// root of -1) are empty. Transcendental functions go through double precision and come back with 15 significant
/// digits, so <c>100.log(10) = 2.0</c> holds.
/// </summary>
internal static class MathFunctions
{
    public static void Register(Action<FunctionSignature> add)
    {
        AddNumeric(add, "abs", 0, ResultTypes.SameNumber, (_, _, value) => value switch
        {
            int i when i != int.MinValue => FhirPathValue.FromInteger(Math.Abs(i)),
            long l when l != long.MinValue => FhirPathValue.FromLong(Math.Abs(l)),
            decimal d => FhirPathValue.FromDecimal(Math.Abs(d)),
            FhirPathQuantity q => FhirPathValue.FromQuantity(new FhirPathQuantity(Math.Abs(q.Value), q.Unit)),
            _ => null,
        });
        AddNumeric(add, "ceiling", 0, ResultTypes.Integer, (_, _, value) => Whole(value, Math.Ceiling));
        AddNumeric(add, "floor", 0, ResultTypes.Integer, (_, _, value) => Whole(value, Math.Floor));
        AddNumeric(add, "truncate", 0, ResultTypes.Integer, (_, _, value) => Whole(value, Math.Truncate));
        AddNumeric(add, "exp", 0, ResultTypes.Decimal, (_, _, value) => FromDouble(Math.Exp(ToDouble(value))));
        AddNumeric(add, "ln", 0, ResultTypes.Decimal, (_, _, value) => FromDouble(Math.Log(ToDouble(value))));
        AddNumeric(add, "sqrt", 0, ResultTypes.Decimal, (_, _, value) => FromDouble(Math.Sqrt(ToDouble(value))));
        AddNumeric(add, "log", 1, ResultTypes.Decimal, (call, frame, value) =>
        {
            if (NumberArgument(call, frame) is not { } logBase)
            {
                return null;
            }

            var x = ToDouble(value);
            return logBase == 10 ? FromDouble(Math.Log10(x)) : FromDouble(Math.Log(x) / Math.Log((double)logBase));
        });
        AddNumeric(add, "power", 1, b => b.Input, (call, frame, value) =>
        {
            if (NumberArgument(call, frame) is not { } exponent)
            {
                return null;
            }

            if (value is int i && exponent == decimal.Truncate(exponent) && exponent >= 0)
            {
                var result = Math.Pow(i, (double)exponent);
                return Math.Abs(result) <= int.MaxValue ? FhirPathValue.FromInteger((int)result) : null;
            }

            return FromDouble(Math.Pow(ToDouble(value), (double)exponent));
        });
        AddNumeric(add, "round", 1, ResultTypes.Decimal, (call, frame, value) =>
        {
            var precision = call.ArgumentCount > 0 ? call.IntegerArgument(0, frame) ?? 0 : 0;
            if (precision < 0 || !Numbers.TryGetDecimal(value, out var d))
            {
                return null;
            }

            return FhirPathValue.FromDecimal(Math.Round(d, Math.Min(precision, 28), MidpointRounding.AwayFromZero));
        });
    }

    private delegate FhirPathValue? NumericBody(FunctionEvaluator call, Frame frame, object value);

    private static void AddNumeric(Action<FunctionSignature> add, string name, int maxArguments, Func<FunctionBinding, StaticType> resultType, NumericBody body)
    {
        string?[] argumentTypes = name == "round" ? [SystemTypes.Integer] : ["Number"];
        add(new(name, 0, maxArguments, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
        {
            if (call.SingleInput(focus) is not { } item || Primitives.ToSystem(item) is not { } value)
            {
                return Collections.Empty;
            }

            if (!Numbers.IsNumber(value) && !(value is FhirPathQuantity && name == "abs"))
            {
                throw new FhirPathEvaluationException($"{name}() needs a number but got a {Ordering.Describe(item)}.");
            }

            return Collections.Optional(body(call, frame, value));
        })
        {
            ResultType = resultType,
            ArgumentTypes = argumentTypes,
        });
    }

    private static decimal? NumberArgument(FunctionEvaluator call, in Frame frame)
    {
        if (call.SingleArgument(0, frame) is not { } item)
        {
            return null;
        }

        return Numbers.TryGetDecimal(Primitives.ToSystem(item), out var value)
            ? value
            : throw new FhirPathEvaluationException($"{call.Name}() needs a number argument but got a {Ordering.Describe(item)}.");
    }

    private static FhirPathValue? Whole(object value, Func<decimal, decimal> round)
    {
        if (value is int or long)
        {
            return value is int i ? FhirPathValue.FromInteger(i) : FhirPathValue.FromLong((long)value);
        }

        var rounded = round((decimal)value);
        return rounded is >= int.MinValue and <= int.MaxValue ? FhirPathValue.FromInteger((int)rounded) : FhirPathValue.FromDecimal(rounded);
    }

    private static double ToDouble(object value) => Numbers.TryGetDecimal(value, out var d) ? (double)d : double.NaN;

    private static FhirPathValue? FromDouble(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) > 7.9e28)
        {
            return null;
        }

        return FhirPathValue.FromDecimal((decimal)value);
    }
}
