namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>The time-valued units date/time arithmetic accepts (calendar keywords and their UCUM equivalents).</summary>
public enum CalendarUnit
{
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
}
