namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Integer, Long and Decimal System values as one numeric tower (Integer converts implicitly to Decimal).</summary>
internal static class Numbers
{
    public static bool IsNumber(object? value) => value is int or long or decimal;

    /// <summary>True for the System type names of the numeric tower.</summary>
    public static bool IsNumericType(string systemType) =>
        systemType is SystemTypes.Integer or SystemTypes.Long or SystemTypes.Decimal;

    public static bool TryGetDecimal(object? value, out decimal result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case decimal d:
                result = d;
                return true;
            default:
                result = 0;
                return false;
        }
    }
}
