namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>The terminology hook behind <c>memberOf()</c>.</summary>
public interface IValueSetMembership
{
    /// <summary>
    /// True/false when the ValueSet is known; null when it is not (then <c>memberOf()</c> returns empty).
    /// <paramref name="system"/> is null for a bare code or string.
    /// </summary>
    bool? Contains(string valueSetUrl, string? system, string code);
}
