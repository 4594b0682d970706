namespace FhirChainGateway.Fhir.Definitions;

/// <summary>Where a conformance resource came from: the pinned HL7 core package or our own profiles folder.</summary>
public enum DefinitionOrigin
{
    /// <summary>HL7 FHIR 4.0.1 core definitions (profiles-types/-resources, valuesets, search-parameters, ...).</summary>
    Core,

    /// <summary>HL7 core extension definitions (extension-definitions.json).</summary>
    CoreExtension,

    /// <summary>Our own conformance resources (<c>fhir-profiles/profiles/*.json</c>).</summary>
    Local,
}
