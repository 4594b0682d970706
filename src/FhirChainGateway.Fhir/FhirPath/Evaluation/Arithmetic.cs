using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// The math operators on single items. Null means an empty result (division by zero, overflow, values outside the
/// calendar); operand types the operator does not accept raise an evaluation error.
/// </summary>
internal static class Arithmetic
{
    public static FhirPathValue? Apply(string op, in FhirPathValue left, in FhirPathValue right)
    {
        var a = Primitives.ToSystem(left);
        var b = Primitives.ToSystem(right);
        if (a is null || b is null)
        {
            return null;
        }

        try
        {
            return op switch
            {
                "+" => Add(a, b, left, right),
                "-" => Subtract(a, b, left, right),
                "*" => Multiply(a, b, left, right),
                "/" => Divide(a, b, left, right),
                "div" => IntegerDivide(a, b, left, right),
                "mod" => Modulo(a, b, left, right),
                _ => throw new InvalidOperationException($"Unknown operator {op}."),
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static FhirPathValue Negate(in FhirPathValue operand)
    {
        return Primitives.ToSystem(operand) switch
        {
            int i when i != int.MinValue => FhirPathValue.FromInteger(-i),
            long l => FhirPathValue.FromLong(-l),
            decimal d => FhirPathValue.FromDecimal(-d),
            FhirPathQuantity q => FhirPathValue.FromQuantity(new FhirPathQuantity(-q.Value, q.Unit)),
            _ => throw new FhirPathEvaluationException($"Unary minus cannot be applied to a {Ordering.Describe(operand)}."),
        };
    }

    private static FhirPathValue? Add(object a, object b, in FhirPathValue left, in FhirPathValue right)
    {
        switch (a)
        {
            case string sa when b is string sb:
                return FhirPathValue.FromString(sa + sb);
            case PartialTemporal t when b is FhirPathQuantity q:
                return ShiftTemporal(t, q, q.Value);
            case FhirPathQuantity qa when b is FhirPathQuantity qb:
                return Wrap(QuantityMath.Add(qa, qb, subtract: false));
        }

        if (a is int ia && b is int ib)
        {
            return FhirPathValue.FromInteger(checked(ia + ib));
        }

        if (TryDecimals(a, b, out var da, out var db))
        {
            return Numeric(a, b, da + db);
        }

        throw Unsupported("+", left, right);
    }

    private static FhirPathValue? Subtract(object a, object b, in FhirPathValue left, in FhirPathValue right)
    {
        switch (a)
        {
            case PartialTemporal t when b is FhirPathQuantity q:
                return ShiftTemporal(t, q, -q.Value);
            case FhirPathQuantity qa when b is FhirPathQuantity qb:
                return Wrap(QuantityMath.Add(qa, qb, subtract: true));
        }

        if (a is int ia && b is int ib)
        {
            return FhirPathValue.FromInteger(checked(ia - ib));
        }

        if (TryDecimals(a, b, out var da, out var db))
        {
            return Numeric(a, b, da - db);
        }

        throw Unsupported("-", left, right);
    }

    private static FhirPathValue? Multiply(object a, object b, in FhirPathValue left, in FhirPathValue right)
    {
        if (a is int ia && b is int ib)
        {
            return FhirPathValue.FromInteger(checked(ia * ib));
        }

        if (TryDecimals(a, b, out var da, out var db))
        {
            return Numeric(a, b, da * db);
        }

        if (TryQuantities(a, b, out var qa, out var qb))
        {
            return FhirPathValue.FromQuantity(QuantityMath.Multiply(qa, qb));
        }

        throw Unsupported("*", left, right);
    }

    private static FhirPathValue? Divide(object a, object b, in FhirPathValue left, in FhirPathValue right)
    {
        if (TryDecimals(a, b, out var da, out var db))
        {
            return db == 0 ? null : FhirPathValue.FromDecimal(da / db);
        }

        if (TryQuantities(a, b, out var qa, out var qb))
        {
            return Wrap(QuantityMath.Divide(qa, qb));
        }

        throw Unsupported("/", left, right);
    }

    private static FhirPathValue? IntegerDivide(object a, object b, in FhirPathValue left, in FhirPathValue right)
    {
        if (a is int ia && b is int ib)
        {
            return ib == 0 ? null : FhirPathValue.FromInteger(ia / ib);
        }

        if (TryDecimals(a, b, out var da, out var db))
        {
            return db == 0 ? null : Numeric(a, b, decimal.Truncate(da / db));
        }

        throw Unsupported("div", left, right);
    }

    private static FhirPathValue? Modulo(object a, object b, in FhirPathValue left, in FhirPathValue right)
    {
        if (a is int ia && b is int ib)
        {
            return ib == 0 ? null : FhirPathValue.FromInteger(ia % ib);
        }

        if (TryDecimals(a, b, out var da, out var db))
        {
            return db == 0 ? null : Numeric(a, b, da % db);
        }

        throw Unsupported("mod", left, right);
    }

    private static FhirPathValue ShiftTemporal(PartialTemporal value, FhirPathQuantity quantity, decimal amount)
    {
        if (quantity.TimeUnit is not { } unit)
        {
            throw new FhirPathEvaluationException(
                $"Cannot add or subtract '{quantity.Unit}' to a {value.TypeName}: only calendar durations (year, month, week, day, hour, minute, second, millisecond) and the UCUM units wk, d, h, min, s and ms are allowed.");
        }

        return TemporalArithmetic.Add(value, amount, unit) is { } shifted
            ? FhirPathValue.FromTemporal(shifted)
            : throw new FhirPathEvaluationException($"Cannot add {quantity} to the {value.TypeName} {value}.");
    }

    private static bool TryDecimals(object a, object b, out decimal da, out decimal db)
    {
        db = 0;
        return Numbers.TryGetDecimal(a, out da) && Numbers.TryGetDecimal(b, out db);
    }

    private static bool TryQuantities(object a, object b, out FhirPathQuantity qa, out FhirPathQuantity qb)
    {
        qa = a as FhirPathQuantity ?? (Numbers.TryGetDecimal(a, out var na) ? new FhirPathQuantity(na) : null!);
        qb = b as FhirPathQuantity ?? (Numbers.TryGetDecimal(b, out var nb) ? new FhirPathQuantity(nb) : null!);
        return qa is not null && qb is not null && (a is FhirPathQuantity || b is FhirPathQuantity);
    }

    /// <summary>Long stays Long when both sides are whole numbers; anything involving a Decimal is a Decimal.</summary>
    private static FhirPathValue Numeric(object a, object b, decimal result) =>
        a is decimal || b is decimal ? FhirPathValue.FromDecimal(result) : FhirPathValue.FromLong(decimal.ToInt64(result));

    private static FhirPathValue? Wrap(FhirPathQuantity? quantity) =>
        quantity is null ? null : FhirPathValue.FromQuantity(quantity);

    private static FhirPathEvaluationException Unsupported(string op, in FhirPathValue left, in FhirPathValue right) =>
        new($"Operator '{op}' cannot be applied to a {Ordering.Describe(left)} and a {Ordering.Describe(right)}.");
}
