namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>The terminology hook behind <c>subsumes()</c> and <c>subsumedBy()</c>.</summary>
public interface ICodeSubsumption
{
    /// <summary>
    /// True when <paramref name="ancestor"/> subsumes (is the same as or more general than) <paramref name="descendant"/>
    /// in the code system; null when the code system or a code is unknown.
    /// </summary>
    bool? Subsumes(string system, string ancestor, string descendant);
}
