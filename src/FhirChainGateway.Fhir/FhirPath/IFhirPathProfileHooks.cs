using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// The validator-backed FHIR functions: <c>conformsTo()</c> for profiles beyond the core types, <c>slice()</c> and
/// <c>elementDefinition()</c>. Without hooks, <c>conformsTo()</c> still answers for core type URLs.
/// </summary>
public interface IFhirPathProfileHooks
{
    /// <summary>True/false when the profile is known; null when it is not (an error, as the specification requires).</summary>
    bool? ConformsTo(ElementNode node, string profileUrl);

    /// <summary>True when the node matches the named slice of the profile; null when the profile or slice is unknown.</summary>
    bool? IsInSlice(ElementNode node, string profileUrl, string sliceName);

    /// <summary>The ElementDefinition (as a tree) the node was validated against, or null.</summary>
    ElementNode? ElementDefinitionOf(ElementNode node);
}
