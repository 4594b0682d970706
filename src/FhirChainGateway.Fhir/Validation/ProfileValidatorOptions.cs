using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>How <see cref="ProfileValidator"/> treats what the specification leaves to the validator.</summary>
public sealed record ProfileValidatorOptions
{
    /// <summary>The gateway's defaults.</summary>
    public static ProfileValidatorOptions Default { get; } = new();

    /// <summary>
    /// The HL7 reference validator's defaults: unknown extensions and example URLs are errors. The agreement test
    /// against the HL7 validator's recorded outcomes uses these.
    /// </summary>
    public static ProfileValidatorOptions HL7Compatible { get; } = new()
    {
        UnknownExtensions = UnknownExtensionPolicy.Error,
        RejectExampleUrls = true,
        DisplayMismatchSeverity = IssueSeverity.Error,
        InvalidExternalCodeSeverity = IssueSeverity.Error,
        RelativeCanonicalSeverity = IssueSeverity.Error,
    };

    /// <summary>
    /// What an extension whose definition is not loaded gets. Default <see cref="UnknownExtensionPolicy.Warning"/>:
    /// the specification lets receivers ignore extensions they do not understand, and partners' own extensions must
    /// not block writes. Unknown <c>modifierExtension</c>s are always errors (they change the meaning of what holds them).
    /// </summary>
    public UnknownExtensionPolicy UnknownExtensions { get; init; } = UnknownExtensionPolicy.Warning;

    /// <summary>Severity of a <c>meta.profile</c> (or requested profile) that is not loaded. Warning, as in the HL7 validator.</summary>
    public IssueSeverity UnknownProfileSeverity { get; init; } = IssueSeverity.Warning;

    /// <summary>Validate against the profiles in each resource's <c>meta.profile</c> that are known.</summary>
    public bool ValidateMetaProfiles { get; init; } = true;

    /// <summary>
    /// Trust the resource type a reference URL names (<c>Group/1</c>) when the target cannot be resolved, so a
    /// Reference(Patient) that names a Group is an error. Off by default, as in the HL7 validator, which checks the
    /// types of resolved targets only (HL7's own examples carry a few such references).
    /// </summary>
    public bool AssumeValidRestReferences { get; init; }

    /// <summary>Extension URLs and references on example.org/acme.com are errors (the HL7 validator's default outside example content).</summary>
    public bool RejectExampleUrls { get; init; }

    /// <summary>
    /// Severity of a Coding display that is none of the concept's displays in a loaded code system. Warning by default:
    /// the code carries the meaning and much real data (Synthea included) uses its own wording; the HL7 validator makes it an error.
    /// </summary>
    public IssueSeverity DisplayMismatchSeverity { get; init; } = IssueSeverity.Warning;

    /// <summary>
    /// Severity of a code of an external terminology (SNOMED CT, LOINC, ICD-10...) that breaks that terminology's syntax
    /// rules, outside a required binding (where it is always an error). Warning by default, so that synthetic test data
    /// (Synthea's HIV module carries made-up codes) can still be loaded; the HL7 validator makes unknown codes errors.
    /// </summary>
    public IssueSeverity InvalidExternalCodeSeverity { get; init; } = IssueSeverity.Warning;

    /// <summary>
    /// Severity of a relative canonical (<c>Library/x</c> instead of <c>http://.../Library/x</c>). Canonicals should be
    /// absolute; HL7's own R4 examples often are not, so a warning by default; the HL7 validator makes it an error.
    /// </summary>
    public IssueSeverity RelativeCanonicalSeverity { get; init; } = IssueSeverity.Warning;

    /// <summary>Strings that contain HTML tags are errors (the HL7 validator's security-checks mode): for content that must not carry markup.</summary>
    public bool SecurityChecks { get; init; }

    /// <summary>Markdown that contains raw HTML tags is an error rather than left to the renderer to escape.</summary>
    public bool NoHtmlInMarkdown { get; init; }

    /// <summary>Issues collected before validation stops: bounds the outcome of a hostile or badly broken document.</summary>
    public int MaxIssues { get; init; } = 1000;

    /// <summary>How deep validation follows references into target profiles and nested resources.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Clock for invariants using <c>now()</c>/<c>today()</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>What to do with an extension whose definition cannot be found.</summary>
public enum UnknownExtensionPolicy
{
    /// <summary>An error: the resource is rejected (the HL7 validator's default).</summary>
    Error,

    /// <summary>A warning; the extension's structure is still checked.</summary>
    Warning,

    /// <summary>An information issue; the extension's structure is still checked.</summary>
    Information,

    /// <summary>Nothing is reported; the extension's structure is still checked.</summary>
    Ignore,
}
