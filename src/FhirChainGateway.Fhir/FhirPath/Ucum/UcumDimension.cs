namespace FhirChainGateway.Fhir.FhirPath.Ucum;

/// <summary>
/// Exponents of the base quantities a unit measures. Arbitrary units (<c>[iU]</c>, <c>[CFU]</c>) are kept as
/// named dimensions of their own so they are only ever comparable with themselves.
/// </summary>
internal sealed class UcumDimension : IEquatable<UcumDimension>
{
    // Length (m), mass (g), time (s), plane angle (rad), temperature (K), charge (C), luminosity (cd), amount (mol).
    public const int BaseCount = 8;

    public static readonly UcumDimension None = new(new int[BaseCount], null);

    private readonly int[] _exponents;
    private readonly SortedDictionary<string, int>? _arbitrary;

    private UcumDimension(int[] exponents, SortedDictionary<string, int>? arbitrary)
    {
        _exponents = exponents;
        _arbitrary = arbitrary is { Count: > 0 } ? arbitrary : null;
    }

    public bool IsDimensionless
    {
        get
        {
            if (_arbitrary is not null)
            {
                return false;
            }

            foreach (var exponent in _exponents)
            {
                if (exponent != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static UcumDimension Base(int index)
    {
        var exponents = new int[BaseCount];
        exponents[index] = 1;
        return new UcumDimension(exponents, null);
    }

    public static UcumDimension Arbitrary(string name) =>
        new(new int[BaseCount], new SortedDictionary<string, int>(StringComparer.Ordinal) { [name] = 1 });

    public UcumDimension Multiply(UcumDimension other) => Combine(other, 1);

    public UcumDimension Divide(UcumDimension other) => Combine(other, -1);

    public UcumDimension Power(int exponent)
    {
        var exponents = new int[BaseCount];
        for (var i = 0; i < BaseCount; i++)
        {
            exponents[i] = _exponents[i] * exponent;
        }

        SortedDictionary<string, int>? arbitrary = null;
        if (_arbitrary is not null && exponent != 0)
        {
            arbitrary = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, value) in _arbitrary)
            {
                arbitrary[name] = value * exponent;
            }
        }

        return new UcumDimension(exponents, arbitrary);
    }

    public bool Equals(UcumDimension? other)
    {
        if (other is null)
        {
            return false;
        }

        for (var i = 0; i < BaseCount; i++)
        {
            if (_exponents[i] != other._exponents[i])
            {
                return false;
            }
        }

        if (_arbitrary is null || other._arbitrary is null)
        {
            return _arbitrary is null && other._arbitrary is null;
        }

        return _arbitrary.Count == other._arbitrary.Count
            && _arbitrary.All(pair => other._arbitrary.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    public override bool Equals(object? obj) => Equals(obj as UcumDimension);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var exponent in _exponents)
        {
            hash.Add(exponent);
        }

        return hash.ToHashCode();
    }

    private UcumDimension Combine(UcumDimension other, int sign)
    {
        var exponents = new int[BaseCount];
        for (var i = 0; i < BaseCount; i++)
        {
            exponents[i] = _exponents[i] + (sign * other._exponents[i]);
        }

        SortedDictionary<string, int>? arbitrary = null;
        if (_arbitrary is not null || other._arbitrary is not null)
        {
            arbitrary = new SortedDictionary<string, int>(StringComparer.Ordinal);
            if (_arbitrary is not null)
            {
                foreach (var (name, value) in _arbitrary)
                {
                    arbitrary[name] = value;
                }
            }

            if (other._arbitrary is not null)
            {
                foreach (var (name, value) in other._arbitrary)
                {
                    var combined = arbitrary.GetValueOrDefault(name) + (sign * value);
                    if (combined == 0)
                    {
                        arbitrary.Remove(name);
                    }
                    else
                    {
                        arbitrary[name] = combined;
                    }
                }
            }
        }

        return new UcumDimension(exponents, arbitrary);
    }
}
