using System.Collections.Frozen;
using System.Globalization;

namespace FhirChainGateway.Fhir.FhirPath.Ucum;

/// <summary>
/// A compact UCUM subset: the metric prefixes, the SI base and derived units, time, the common customary
/// (US/imperial) units, pressure, percentages and the arbitrary units clinical data uses, combined with the full
/// UCUM term syntax (<c>kg/m2</c>, <c>mm[Hg]</c>, <c>10*3/uL</c>, <c>{beats}/min</c>). Enough to convert and
/// compare the quantities FHIR resources carry; unknown units are simply not comparable.
/// </summary>
/// <remarks>
/// One deliberate deviation: the mole is a base dimension here rather than UCUM's 6.0221367e23 × 1, so amounts of
/// substance never compare equal to plain numbers and the decimal factors stay small.
/// </remarks>
internal static class UcumUnits
{
    private static readonly FrozenDictionary<string, decimal> Prefixes = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["Y"] = 1e24m, ["Z"] = 1e21m, ["E"] = 1e18m, ["P"] = 1e15m, ["T"] = 1e12m, ["G"] = 1e9m, ["M"] = 1e6m,
        ["k"] = 1e3m, ["h"] = 1e2m, ["da"] = 1e1m, ["d"] = 1e-1m, ["c"] = 1e-2m, ["m"] = 1e-3m, ["u"] = 1e-6m,
        ["n"] = 1e-9m, ["p"] = 1e-12m, ["f"] = 1e-15m, ["a"] = 1e-18m, ["z"] = 1e-21m, ["y"] = 1e-24m,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Atom> Atoms = BuildAtoms();

    /// <summary>The temperatures measured on an offset scale; they convert only to one another.</summary>
    private static readonly FrozenSet<string> OffsetScales = new[] { "Cel", "[degF]", "K" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Reduces a UCUM unit expression to base units; false for syntax errors and unknown atoms.</summary>
    public static bool TryParse(string unit, out UcumMagnitude magnitude)
    {
        var parser = new TermParser(unit, Atoms);
        return parser.TryParse(out magnitude);
    }

    public static bool IsValid(string unit) => TryParse(unit, out _) || OffsetScales.Contains(unit);

    /// <summary>True when quantities in the two units can be converted into each other.</summary>
    public static bool AreComparable(string left, string right)
    {
        if (OffsetScales.Contains(left) || OffsetScales.Contains(right))
        {
            return OffsetScales.Contains(left) && OffsetScales.Contains(right);
        }

        return TryParse(left, out var a) && TryParse(right, out var b) && a.Dimension.Equals(b.Dimension);
    }

    /// <summary>Converts a value between comparable units.</summary>
    public static bool TryConvert(decimal value, string fromUnit, string toUnit, out decimal converted)
    {
        converted = 0;
        if (string.Equals(fromUnit, toUnit, StringComparison.Ordinal))
        {
            converted = value;
            return true;
        }

        if (OffsetScales.Contains(fromUnit) || OffsetScales.Contains(toUnit))
        {
            return TryConvertTemperature(value, fromUnit, toUnit, out converted);
        }

        if (!TryParse(fromUnit, out var from) || !TryParse(toUnit, out var to) || !from.Dimension.Equals(to.Dimension))
        {
            return false;
        }

        try
        {
            converted = value * from.Factor / to.Factor;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool TryConvertTemperature(decimal value, string fromUnit, string toUnit, out decimal converted)
    {
        converted = 0;
        if (!OffsetScales.Contains(fromUnit) || !OffsetScales.Contains(toUnit))
        {
            return false;
        }

        var kelvin = fromUnit switch
        {
            "Cel" => value + 273.15m,
            "[degF]" => (value + 459.67m) * 5m / 9m,
            _ => value,
        };
        converted = toUnit switch
        {
            "Cel" => kelvin - 273.15m,
            "[degF]" => (kelvin * 9m / 5m) - 459.67m,
            _ => kelvin,
        };
        return true;
    }

    private static FrozenDictionary<string, Atom> BuildAtoms()
    {
        var atoms = new Dictionary<string, Atom>(StringComparer.Ordinal)
        {
            ["m"] = new(new UcumMagnitude(1m, UcumDimension.Base(0)), Metric: true),
            ["g"] = new(new UcumMagnitude(1m, UcumDimension.Base(1)), Metric: true),
            ["s"] = new(new UcumMagnitude(1m, UcumDimension.Base(2)), Metric: true),
            ["rad"] = new(new UcumMagnitude(1m, UcumDimension.Base(3)), Metric: true),
            ["C"] = new(new UcumMagnitude(1m, UcumDimension.Base(5)), Metric: true),
            ["cd"] = new(new UcumMagnitude(1m, UcumDimension.Base(6)), Metric: true),
            ["mol"] = new(new UcumMagnitude(1m, UcumDimension.Base(7)), Metric: true),
        };

        // Temperature in kelvin is a plain base unit for products such as J/K; Cel and [degF] are handled apart.
        atoms["K"] = new(new UcumMagnitude(1m, UcumDimension.Base(4)), Metric: true);

        // Each definition may only use atoms defined above it.
        (string Code, bool Metric, decimal Factor, string Unit)[] derived =
        [
            ("10*", false, 10m, "1"),
            ("10^", false, 10m, "1"),
            ("[pi]", false, 3.1415926535897932384626433833m, "1"),
            ("%", false, 0.01m, "1"),
            ("[ppth]", false, 1e-3m, "1"),
            ("[ppm]", false, 1e-6m, "1"),
            ("[ppb]", false, 1e-9m, "1"),
            ("[pptr]", false, 1e-12m, "1"),
            ("sr", true, 1m, "rad2"),
            ("Hz", true, 1m, "s-1"),
            ("N", true, 1000m, "g.m/s2"),
            ("Pa", true, 1m, "N/m2"),
            ("J", true, 1m, "N.m"),
            ("W", true, 1m, "J/s"),
            ("A", true, 1m, "C/s"),
            ("V", true, 1m, "J/C"),
            ("F", true, 1m, "C/V"),
            ("Ohm", true, 1m, "V/A"),
            ("S", true, 1m, "Ohm-1"),
            ("Wb", true, 1m, "V.s"),
            ("T", true, 1m, "Wb/m2"),
            ("H", true, 1m, "Wb/A"),
            ("lm", true, 1m, "cd.sr"),
            ("lx", true, 1m, "lm/m2"),
            ("Bq", true, 1m, "s-1"),
            ("Gy", true, 1000m, "J/g"),
            ("Sv", true, 1000m, "J/g"),
            ("deg", false, 3.1415926535897932384626433833m / 180m, "rad"),
            ("l", true, 0.001m, "m3"),
            ("L", true, 0.001m, "m3"),
            ("ar", true, 100m, "m2"),
            ("min", false, 60m, "s"),
            ("h", false, 3600m, "s"),
            ("d", false, 86400m, "s"),
            ("wk", false, 604800m, "s"),
            ("a_j", false, 365.25m, "d"),
            ("a_g", false, 365.2425m, "d"),
            ("a_t", false, 365.24219m, "d"),
            ("a", false, 365.25m, "d"),
            ("mo_j", false, 365.25m / 12m, "d"),
            ("mo_g", false, 365.2425m / 12m, "d"),
            ("mo_s", false, 29.53059m, "d"),
            ("mo", false, 365.25m / 12m, "d"),
            ("t", true, 1e6m, "g"),
            ("bar", true, 1e5m, "Pa"),
            ("u", true, 1.6605402e-24m, "g"),
            ("eq", true, 1m, "mol"),
            ("osm", true, 1m, "mol"),
            ("kat", true, 1m, "mol/s"),
            ("U", true, 1e-6m / 60m, "mol/s"),
            ("g%", true, 10m, "g/l"),
            ("cal", true, 4.184m, "J"),
            ("[Cal]", false, 4184m, "J"),
            ("m[Hg]", true, 133322m, "Pa"),
            ("m[H2O]", true, 9806.65m, "Pa"),
            ("[in_i]", false, 0.0254m, "m"),
            ("[ft_i]", false, 0.3048m, "m"),
            ("[yd_i]", false, 0.9144m, "m"),
            ("[mi_i]", false, 1609.344m, "m"),
            ("[nmi_i]", false, 1852m, "m"),
            ("[gr]", false, 0.06479891m, "g"),
            ("[lb_av]", false, 453.59237m, "g"),
            ("[oz_av]", false, 28.349523125m, "g"),
            ("[dr_av]", false, 1.7718451953125m, "g"),
            ("[ston_av]", false, 6350.29318m, "g"),
            ("[stone_av]", false, 6350.29318m, "g"),
            ("[gal_us]", false, 3.785411784m, "l"),
            ("[qt_us]", false, 0.946352946m, "l"),
            ("[pt_us]", false, 0.473176473m, "l"),
            ("[cup_us]", false, 0.2365882365m, "l"),
            ("[foz_us]", false, 0.0295735295625m, "l"),
            ("[tbs_us]", false, 0.01478676478125m, "l"),
            ("[tsp_us]", false, 0.00492892159375m, "l"),
            ("[gal_br]", false, 4.54609m, "l"),
            ("[pt_br]", false, 0.56826125m, "l"),
            ("[foz_br]", false, 0.0284130625m, "l"),
            ("[drp]", false, 0.00005m, "l"),
            ("[sft_i]", false, 1m, "[ft_i]2"),
            ("[sin_i]", false, 1m, "[in_i]2"),
            ("[IU]", true, 1m, "[iU]"),
            ("[mIU]", false, 0.001m, "[iU]"),
        ];

        foreach (var arbitrary in new[] { "[iU]", "[arb'U]", "[USP'U]", "[CFU]", "[PFU]", "[HPF]", "[LPF]", "[BAU]", "[AU]", "[FFU]" })
        {
            atoms[arbitrary] = new Atom(new UcumMagnitude(1m, UcumDimension.Arbitrary(arbitrary)), Metric: true);
        }

        foreach (var (code, metric, factor, unit) in derived)
        {
            if (!new TermParser(unit, atoms).TryParse(out var definition))
            {
                throw new InvalidOperationException($"UCUM table error: '{code}' is defined by unknown unit '{unit}'.");
            }

            atoms[code] = new Atom(new UcumMagnitude(factor * definition.Factor, definition.Dimension), metric);
        }

        return atoms.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private readonly record struct Atom(UcumMagnitude Magnitude, bool Metric);

    /// <summary>Recursive-descent parser for the UCUM term grammar: components joined by <c>.</c> and <c>/</c>.</summary>
    private ref struct TermParser(string text, IReadOnlyDictionary<string, Atom> atoms)
    {
        private int _position;

        public bool TryParse(out UcumMagnitude magnitude)
        {
            magnitude = UcumMagnitude.Unity;
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            if (!TryParseTerm(out magnitude))
            {
                return false;
            }

            return _position == text.Length;
        }

        private bool TryParseTerm(out UcumMagnitude magnitude)
        {
            magnitude = UcumMagnitude.Unity;
            var divide = false;
            if (Peek() == '/')
            {
                _position++;
                divide = true;
            }

            while (true)
            {
                if (!TryParseComponent(out var component))
                {
                    return false;
                }

                magnitude = divide ? magnitude.Divide(component) : magnitude.Multiply(component);
                var next = Peek();
                if (next == '.')
                {
                    divide = false;
                }
                else if (next == '/')
                {
                    divide = true;
                }
                else
                {
                    return true;
                }

                _position++;
            }
        }

        private bool TryParseComponent(out UcumMagnitude magnitude)
        {
            magnitude = UcumMagnitude.Unity;
            var next = Peek();
            if (next == '(')
            {
                _position++;
                if (!TryParseTerm(out magnitude) || Peek() != ')')
                {
                    return false;
                }

                _position++;
                return SkipAnnotation();
            }

            if (next == '{')
            {
                return SkipAnnotation();
            }

            var start = _position;
            var depth = 0;
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '[')
                {
                    depth++;
                }
                else if (c == ']')
                {
                    depth--;
                }
                else if (depth == 0 && c is '.' or '/' or '(' or ')' or '{')
                {
                    break;
                }

                _position++;
            }

            if (_position == start)
            {
                return false;
            }

            var symbol = text[start.._position];
            if (!SkipAnnotation())
            {
                return false;
            }

            return TryResolveSymbol(symbol, out magnitude);
        }

        private bool SkipAnnotation()
        {
            if (Peek() != '{')
            {
                return true;
            }

            var close = text.IndexOf('}', _position);
            if (close < 0)
            {
                return false;
            }

            _position = close + 1;
            return true;
        }

        private readonly bool TryResolveSymbol(string symbol, out UcumMagnitude magnitude)
        {
            magnitude = UcumMagnitude.Unity;
            if (symbol.All(char.IsAsciiDigit))
            {
                magnitude = new UcumMagnitude(decimal.Parse(symbol, CultureInfo.InvariantCulture), UcumDimension.None);
                return true;
            }

            // A trailing signed integer outside brackets is the exponent (m2, s-1, 10*3).
            var exponentStart = symbol.Length;
            while (exponentStart > 0 && char.IsAsciiDigit(symbol[exponentStart - 1]))
            {
                exponentStart--;
            }

            if (exponentStart > 0 && exponentStart < symbol.Length && symbol[exponentStart - 1] is '+' or '-')
            {
                exponentStart--;
            }

            var exponent = 1;
            var core = symbol;
            if (exponentStart < symbol.Length && exponentStart > 0)
            {
                exponent = int.Parse(symbol.AsSpan(exponentStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                core = symbol[..exponentStart];
            }

            if (!TryResolveAtom(core, out var atom))
            {
                return false;
            }

            magnitude = atom.Power(exponent);
            return true;
        }

        private readonly bool TryResolveAtom(string core, out UcumMagnitude magnitude)
        {
            if (atoms.TryGetValue(core, out var atom))
            {
                magnitude = atom.Magnitude;
                return true;
            }

            foreach (var prefixLength in (ReadOnlySpan<int>)[2, 1])
            {
                if (core.Length <= prefixLength)
                {
                    continue;
                }

                if (Prefixes.TryGetValue(core[..prefixLength], out var factor)
                    && atoms.TryGetValue(core[prefixLength..], out var prefixed) && prefixed.Metric)
                {
                    magnitude = new UcumMagnitude(factor * prefixed.Magnitude.Factor, prefixed.Magnitude.Dimension);
                    return true;
                }
            }

            magnitude = UcumMagnitude.Unity;
            return false;
        }

        private readonly char Peek() => _position < text.Length ? text[_position] : '\0';
    }
}
