using System.ComponentModel.DataAnnotations;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Server.Validation;

/// <summary>
/// Options of profile validation, section <c>Validation</c>. Every write is validated against base R4 and the known
/// profiles of the resource's <c>meta.profile</c>; errors reject the write (422), warnings are returned with the
/// response's OperationOutcome. <c>POST [type]/$validate</c> uses the same validator.
/// </summary>
public sealed class ProfileValidationOptions
{
    public const string SectionName = "Validation";

    /// <summary>
    /// Folder of conformance resources loaded at start: FHIR packages (<c>*.tgz</c>, e.g. US Core) and StructureDefinition,
    /// ValueSet and CodeSystem files (JSON or XML). Default: none (base R4 and <c>fhir-profiles/profiles</c> only).
    /// </summary>
    public string? PackagesDirectory { get; set; }

    /// <summary>More packages or files to load, by path (in addition to <see cref="PackagesDirectory"/>). Default: none.</summary>
    public List<string> Load { get; set; } = [];

    /// <summary>
    /// What an extension without a loaded definition gets: <c>Warning</c> (default; partners' own extensions do not
    /// block writes), <c>Error</c> (the HL7 validator's default), <c>Information</c> or <c>Ignore</c>. Unknown
    /// modifier extensions are always errors.
    /// </summary>
    public UnknownExtensionPolicy UnknownExtensions { get; set; } = UnknownExtensionPolicy.Warning;

    /// <summary>Severity of a display that does not match the code system's. Default <c>Warning</c>.</summary>
    public IssueSeverity DisplayMismatch { get; set; } = IssueSeverity.Warning;

    /// <summary>Severity of an unknown <c>meta.profile</c>. Default <c>Warning</c>; <c>Error</c> rejects resources claiming profiles the gateway does not have.</summary>
    public IssueSeverity UnknownProfile { get; set; } = IssueSeverity.Warning;

    /// <summary>Trust the resource type a reference URL names when the target cannot be resolved. Default <c>false</c>.</summary>
    public bool AssumeValidRestReferences { get; set; }

    /// <summary>
    /// Profiles every written resource of a type must conform to, by resource type
    /// (<c>Validation:RequiredProfiles:Patient:0=http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient</c>).
    /// Default: none. A required profile that is not loaded makes start-up fail.
    /// </summary>
    public Dictionary<string, List<string>> RequiredProfiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>Profiles</c> (default): writes get the full profile validation. <c>Structural</c>: only the structural checks of
    /// the base definitions (cardinality, types, formats) — for bulk loads of trusted data.
    /// </summary>
    public WriteValidationMode OnWrite { get; set; } = WriteValidationMode.Profiles;

    /// <summary>Issues reported per validation before it stops. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxIssues { get; set; } = 1000;

    public ProfileValidatorOptions ToValidatorOptions(TimeProvider timeProvider) => ProfileValidatorOptions.Default with
    {
        UnknownExtensions = UnknownExtensions,
        DisplayMismatchSeverity = DisplayMismatch,
        UnknownProfileSeverity = UnknownProfile,
        AssumeValidRestReferences = AssumeValidRestReferences,
        MaxIssues = MaxIssues,
        TimeProvider = timeProvider,
    };
}

/// <summary>How writes are validated.</summary>
public enum WriteValidationMode
{
    Profiles,
    Structural,
}
