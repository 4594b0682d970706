using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Terminology;
using FhirChainGateway.Fhir.Validation.Profiles;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Validates resources against the base R4 definitions, the known profiles of their <c>meta.profile</c>, and profiles
/// requested per call: cardinality, types and choices, primitive formats, fixed and pattern values, lengths and value
/// ranges, terminology bindings (ValueSets expanded from the loaded definitions), invariants (FHIRPath, compiled
/// once), slicing, extensions (resolved by url, context and modifier rules), references (format, targets, contained
/// and Bundle resolution), contained resources and Bundle rules. Each element definition is compiled once into a plan
/// of checks and kept for every later resource. Thread-safe; create one per set of resources and options and share it.
/// </summary>
public sealed class ProfileValidator : IResourceValidator
{
    // Indexes of Bundles whose entries are validated one call at a time; weak, so they go with their Bundle.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ElementNode, BundleIndex> _bundleIndexes = new();

    public ProfileValidator(ValidationResources resources, ProfileValidatorOptions? options = null)
    {
        Resources = resources ?? throw new ArgumentNullException(nameof(resources));
        Options = options ?? ProfileValidatorOptions.Default;
    }

    public ValidationResources Resources { get; }

    public ProfileValidatorOptions Options { get; }

    /// <summary>Validates against the base definition and the known profiles of <c>meta.profile</c>.</summary>
    public IReadOnlyList<OperationOutcomeIssue> Validate(ElementNode resource) => Validate(resource, []);

    /// <summary>Validates as <see cref="Validate(ElementNode)"/> and against each of <paramref name="profiles"/> (canonical URLs; unknown ones are errors).</summary>
    public IReadOnlyList<OperationOutcomeIssue> Validate(ElementNode resource, IReadOnlyList<string> profiles) =>
        Validate(resource, profiles, Resources);

    /// <summary>Validates with additional conformance resources for this call only (layered over <see cref="Resources"/>).</summary>
    public IReadOnlyList<OperationOutcomeIssue> Validate(ElementNode resource, IReadOnlyList<string> profiles, ValidationResources resources)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(resources);
        if (!resource.IsResource)
        {
            return [OperationOutcomeIssue.Error("structure", $"'{resource.InstanceType}' is not a resource.", resource.Location)];
        }

        var hooks = new RunHooks(resources);
        var evaluation = new EvaluationContext(Options.TimeProvider) { ValueSets = hooks, Profiles = hooks };
        var run = new ValidationRun(resources, Options, evaluation, _bundleIndexes);
        hooks.Run = run;
        ProfileWalker.ValidateResource(resource, run, profiles);
        var issues = Deduplicate(run.Issues);
        foreach (var (system, (count, location)) in run.Unverified.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            issues.Add(OperationOutcomeIssue.Information(
                "informational",
                $"{count} code{(count == 1 ? string.Empty : "s")} from {TerminologyName(system)} accepted after a syntax check only: that terminology is not loaded, so the codes were not verified against it.",
                location));
        }

        if (run.Dropped > 0)
        {
            issues.Add(OperationOutcomeIssue.Information("too-costly", $"{run.Dropped} further warnings and information issues were found but not listed (limit {Options.MaxIssues})."));
        }

        return issues;
    }

    private static string TerminologyName(string system) =>
        ExternalCodeSystems.IsExternal(system) ? $"{ExternalCodeSystems.NameOf(system)} ({system})" : system;

    /// <summary>The same finding reached through two profiles (base and meta.profile) is reported once.</summary>
    private static List<OperationOutcomeIssue> Deduplicate(IReadOnlyList<OperationOutcomeIssue> issues)
    {
        var seen = new HashSet<(IssueSeverity, string, string?, string)>();
        var result = new List<OperationOutcomeIssue>(issues.Count);
        foreach (var issue in issues)
        {
            // A core rule reached through a profile names the profile; it is still the same finding.
            var from = issue.Diagnostics.IndexOf(" (from ", StringComparison.Ordinal);
            var text = from < 0 ? issue.Diagnostics : issue.Diagnostics[..from] + issue.Diagnostics[(issue.Diagnostics.IndexOf(')', from) + 1)..];
            text = text.TrimEnd('.');
            if (seen.Add((issue.Severity, issue.Code, issue.Location, text)))
            {
                result.Add(issue);
            }
        }

        return result;
    }

    /// <summary>memberOf() and conformsTo() for invariants, answered from the run's resources.</summary>
    private sealed class RunHooks(ValidationResources resources) : IValueSetMembership, IFhirPathProfileHooks
    {
        public ValidationRun? Run { get; set; }

        public bool? Contains(string valueSetUrl, string? system, string code) =>
            resources.Terminology.Expand(valueSetUrl)?.Contains(system, code) switch
            {
                null => null,
                Membership.Member => true,
                Membership.NotMember => false,
                _ => null,
            };

        public bool? ConformsTo(ElementNode node, string profileUrl) =>
            Run is not null && resources.FindProfile(profileUrl) is { } profile ? ProfileWalker.Conforms(node, profile, Run) : null;

        public bool? IsInSlice(ElementNode node, string profileUrl, string sliceName) => null;

        public ElementNode? ElementDefinitionOf(ElementNode node) => null;
    }
}
