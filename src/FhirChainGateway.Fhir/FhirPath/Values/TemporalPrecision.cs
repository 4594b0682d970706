namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// How much of a date/time value is known. <see cref="Second"/> and <see cref="Millisecond"/> count as one
/// precision when values are compared (FHIRPath treats seconds and their fraction as a single decimal).
/// </summary>
public enum TemporalPrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
}
