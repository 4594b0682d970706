using System.Runtime.CompilerServices;
using System.Text;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// The state of one validation call: where issues go, the resources and options in force, the Bundle reference
/// indexes built so far, and guards against endless recursion through reference targets. A dry run (is this element
/// in that slice? does this target conform to that profile?) is a child run with its own issue list.
/// </summary>
internal sealed class ValidationRun
{
    private readonly List<OperationOutcomeIssue> _issues = [];
    private readonly RunShared _shared;
    private ElementNode? _firstVisited;
    private HashSet<ElementNode>? _visited;
    private int _errors;
    private int _dropped;

    public ValidationRun(ValidationResources resources, ProfileValidatorOptions options, EvaluationContext evaluation, ConditionalWeakTable<ElementNode, BundleIndex>? bundleIndexes = null)
    {
        _shared = new RunShared(resources, options, evaluation) { LongLivedIndexes = bundleIndexes };
    }

    private ValidationRun(RunShared shared, int depth)
    {
        _shared = shared;
        Depth = depth;
        IsDryRun = true;
    }

    public ValidationResources Resources => _shared.Resources;

    public ProfileValidatorOptions Options => _shared.Options;

    public EvaluationContext Evaluation => _shared.Evaluation;

    public IReadOnlyList<OperationOutcomeIssue> Issues => _issues;

    /// <summary>True for a child run whose issues only decide a match (never reported as such).</summary>
    public bool IsDryRun { get; }

    /// <summary>Nesting of reference-target and slice dry runs, bounded by <see cref="ProfileValidatorOptions.MaxDepth"/>.</summary>
    public int Depth { get; }

    public bool HasErrors => _errors > 0;

    /// <summary>
    /// True when the walk can stop: the error cap is reached (the verdict is known), or a dry run found an error.
    /// Warnings and information never stop it, so a Bundle full of warnings still has all its errors found.
    /// </summary>
    public bool IsFull => _errors >= Options.MaxIssues || IsDryRun && _errors > 0;

    /// <summary>Issues found but not kept because the cap was reached.</summary>
    public int Dropped => _dropped;

    /// <summary>The profile whose element is being checked (for "from profile X" in messages); null for core types.</summary>
    public StructureProfile? CurrentProfile { get; set; }

    public BundleIndex IndexFor(ElementNode bundle)
    {
        if (_shared.BundleIndexes.TryGetValue(bundle, out var index))
        {
            return index;
        }

        // Entries of one Bundle are often validated one call at a time (the gateway validates each entry it writes):
        // the validator keeps the index while the Bundle lives, so that stays linear too.
        if (_shared.LongLivedIndexes is { } longLived && !IsDryRun)
        {
            if (!longLived.TryGetValue(bundle, out index) || !index.IsCurrent())
            {
                index = new BundleIndex(bundle);
                longLived.AddOrUpdate(bundle, index);
            }
        }
        else
        {
            index = new BundleIndex(bundle);
        }

        _shared.BundleIndexes[bundle] = index;
        return index;
    }

    /// <summary>A child run for a dry run; null when the depth limit is reached.</summary>
    public ValidationRun? Fork() => Depth >= Options.MaxDepth ? null : new ValidationRun(_shared, Depth + 1);

    /// <summary>Records that (node, profile) is being validated; false when it already is (a cycle through references).</summary>
    public bool Enter(ElementNode node, StructureProfile profile) => _shared.InProgress.Add((node, profile));

    public void Leave(ElementNode node, StructureProfile profile) => _shared.InProgress.Remove((node, profile));

    /// <summary>True the first time a resource is seen by this run (each resource is validated as a resource once).</summary>
    public bool FirstVisit(ElementNode resource)
    {
        if (_firstVisited is null)
        {
            _firstVisited = resource;
            return true;
        }

        if (ReferenceEquals(_firstVisited, resource))
        {
            return false;
        }

        return (_visited ??= new HashSet<ElementNode>(ReferenceEqualityComparer.Instance)).Add(resource);
    }

    /// <summary>Cached conformance of a node to a profile (reference targets are often checked many times).</summary>
    public Dictionary<(ElementNode, StructureProfile), bool> ConformanceCache => _shared.Conformance;

    /// <summary>Codes of external systems accepted on syntax alone, by system: (count, first location).</summary>
    public IReadOnlyDictionary<string, (int Count, string FirstLocation)> Unverified => _shared.Unverified;

    /// <summary>Notes a code accepted without verification; reported once per system at the end (not once per code).</summary>
    public void NoteUnverified(string system, ElementNode node)
    {
        if (IsDryRun)
        {
            return;
        }

        _shared.Unverified[system] = _shared.Unverified.TryGetValue(system, out var seen) ? (seen.Count + 1, seen.FirstLocation) : (1, LocationOf(node));
    }

    public void Error(string code, string message, ElementNode node) => Report(IssueSeverity.Error, code, message, node);

    public void Warning(string code, string message, ElementNode node) => Report(IssueSeverity.Warning, code, message, node);

    public void Information(string code, string message, ElementNode node) => Report(IssueSeverity.Information, code, message, node);

    public void Report(IssueSeverity severity, string code, string message, ElementNode node)
    {
        if (IsDryRun)
        {
            // A dry run only counts errors; locations are never needed.
            Report(severity, code, message, string.Empty);
            return;
        }

        if (severity is not (IssueSeverity.Error or IssueSeverity.Fatal) && _issues.Count >= Options.MaxIssues)
        {
            // Beyond the cap only errors are kept: do not spend a location on an issue that is dropped.
            _dropped++;
            return;
        }

        Report(severity, code, message, LocationOf(node));
    }

    /// <summary>
    /// The node's FHIRPath location (as <see cref="ElementNode.Location"/> writes it), with parents' locations and
    /// sibling positions remembered for the run: a Bundle of 10,000 entries with issues in each stays linear.
    /// </summary>
    public string LocationOf(ElementNode node)
    {
        if (_shared.Locations.TryGetValue(node, out var cached))
        {
            return cached;
        }

        string location;
        if (node.Parent is not { } parent)
        {
            location = node.Name;
        }
        else
        {
            var builder = new StringBuilder(LocationOf(parent)).Append('.').Append(node.Name);
            if (node.Definition is null || node.Definition.IsCollection)
            {
                builder.Append('[').Append(IndexAmongSameName(parent, node)).Append(']');
            }

            location = builder.ToString();
        }

        _shared.Locations[node] = location;
        return location;
    }

    private int IndexAmongSameName(ElementNode parent, ElementNode node)
    {
        var siblings = parent.Children;
        if (siblings.Count <= 16)
        {
            var index = 0;
            foreach (var sibling in siblings)
            {
                if (ReferenceEquals(sibling, node))
                {
                    return index;
                }

                if (sibling.Name == node.Name)
                {
                    index++;
                }
            }

            return 0;
        }

        if (!_shared.SiblingIndexes.TryGetValue(parent, out var positions))
        {
            positions = new Dictionary<ElementNode, int>(siblings.Count, ReferenceEqualityComparer.Instance);
            var counters = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var sibling in siblings)
            {
                var next = counters.GetValueOrDefault(sibling.Name);
                positions[sibling] = next;
                counters[sibling.Name] = next + 1;
            }

            _shared.SiblingIndexes[parent] = positions;
        }

        return positions.GetValueOrDefault(node);
    }

    public void Report(IssueSeverity severity, string code, string message, string location)
    {
        if (severity is IssueSeverity.Error or IssueSeverity.Fatal)
        {
            _errors++;
        }
        else if (IsDryRun)
        {
            // A dry run only needs to know whether there are errors.
            return;
        }

        if (_issues.Count < Options.MaxIssues || severity is IssueSeverity.Error or IssueSeverity.Fatal && _errors <= Options.MaxIssues)
        {
            _issues.Add(new OperationOutcomeIssue(severity, code, message, location));
        }
        else
        {
            _dropped++;
        }
    }

    /// <summary>Copies issues of a child run into this one (used when a dry run's findings are the answer).</summary>
    public void AddAll(IEnumerable<OperationOutcomeIssue> issues)
    {
        foreach (var issue in issues)
        {
            Report(issue.Severity, issue.Code, issue.Diagnostics, issue.Location ?? string.Empty);
        }
    }

    /// <summary>"(from profile X)" for issues a profile (not a base type) raises, so readers know which profile demands it.</summary>
    public static string From(ElementDef def) =>
        def.Owner is { Derivation: Definitions.StructureDerivation.Constraint } owner ? $" (from {owner.VersionedUrl})" : string.Empty;

    private sealed class RunShared(ValidationResources resources, ProfileValidatorOptions options, EvaluationContext evaluation)
    {
        public ValidationResources Resources { get; } = resources;

        public ProfileValidatorOptions Options { get; } = options;

        public EvaluationContext Evaluation { get; } = evaluation;

        // Created on first use: most validations of a single resource need none of these.
        public Dictionary<ElementNode, BundleIndex> BundleIndexes => field ??= new(ReferenceEqualityComparer.Instance);

        public ConditionalWeakTable<ElementNode, BundleIndex>? LongLivedIndexes { get; init; }

        public Dictionary<ElementNode, string> Locations => field ??= new(ReferenceEqualityComparer.Instance);

        public Dictionary<ElementNode, Dictionary<ElementNode, int>> SiblingIndexes => field ??= new(ReferenceEqualityComparer.Instance);

        public HashSet<(ElementNode, StructureProfile)> InProgress => field ??= [];

        public Dictionary<(ElementNode, StructureProfile), bool> Conformance => field ??= [];

        public Dictionary<string, (int Count, string FirstLocation)> Unverified => field ??= new(StringComparer.Ordinal);
    }
}
