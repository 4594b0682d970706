namespace FhirChainGateway.Fhir.FhirPath.Ucum;

/// <summary>A unit reduced to base units: a factor and the dimension it measures (<c>mg</c> = 0.001 × g).</summary>
internal readonly record struct UcumMagnitude(decimal Factor, UcumDimension Dimension)
{
    public static readonly UcumMagnitude Unity = new(1m, UcumDimension.None);

    public UcumMagnitude Multiply(UcumMagnitude other) => new(Factor * other.Factor, Dimension.Multiply(other.Dimension));

    public UcumMagnitude Divide(UcumMagnitude other) => new(Factor / other.Factor, Dimension.Divide(other.Dimension));

    public UcumMagnitude Power(int exponent)
    {
        var factor = 1m;
        var magnitude = Factor;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            factor *= magnitude;
        }

        return new UcumMagnitude(exponent < 0 ? 1m / factor : factor, Dimension.Power(exponent));
    }
}
