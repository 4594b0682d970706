using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// Walks an instance tree against a profile tree. Each node is checked by the plan of the element definition that
/// governs it; its children by the definition's own children when the profile states them, otherwise by the
/// definition of the node's type (or of the type profile the element names). Resources met on the way (contained,
/// Bundle entries, parameters) are validated as resources: base definition plus their own <c>meta.profile</c>.
/// </summary>
internal static class ProfileWalker
{
    /// <summary>Validates a resource against its base definition, its <c>meta.profile</c>s and the extra profiles.</summary>
    public static void ValidateResource(ElementNode resource, ValidationRun run, IReadOnlyList<string>? extraProfiles = null)
    {
        if (!run.FirstVisit(resource))
        {
            // Already validated as a resource in this run (a second profile walk of its container reached it again).
            return;
        }

        var core = run.Resources.CoreType(resource.InstanceType);
        if (core is null || !run.Resources.Definitions.IsResourceType(resource.InstanceType))
        {
            run.Error("structure", $"'{resource.InstanceType}' is not a known resource type.", resource);
            return;
        }

        ValidateAgainstRoot(resource, core, run);
        ResourceRules.Check(resource, run);

        if (run.Options.ValidateMetaProfiles)
        {
            foreach (var meta in resource.ChildrenNamed("meta"))
            {
                foreach (var profileNode in meta.ChildrenNamed("profile"))
                {
                    if (profileNode.Text is { } url)
                    {
                        ValidateAgainstProfileUrl(resource, url, run, requested: false, profileNode);
                    }
                }
            }
        }

        if (extraProfiles is not null)
        {
            foreach (var url in extraProfiles)
            {
                ValidateAgainstProfileUrl(resource, url, run, requested: true, resource);
            }
        }
    }

    /// <summary>True when the node conforms to the profile (a dry run: nothing is reported). Cached per run.</summary>
    public static bool Conforms(ElementNode node, StructureProfile profile, ValidationRun run) => DryRun(node, profile, run, out _);

    /// <summary>A dry run of a node against a profile; <paramref name="issues"/> are the child run's findings.</summary>
    public static bool DryRun(ElementNode node, StructureProfile profile, ValidationRun run, out IReadOnlyList<OperationOutcomeIssue> issues)
    {
        issues = [];
        if (run.ConformanceCache.TryGetValue((node, profile), out var cached) && cached)
        {
            return true;
        }

        var child = run.Fork();
        if (child is null || !run.Enter(node, profile))
        {
            // Too deep, or already being checked further up (a reference cycle): assume it conforms.
            return true;
        }

        try
        {
            if (node.IsResource && profile.Derivation == StructureDerivation.Constraint)
            {
                ValidateAgainstRoot(node, run.Resources.CoreType(node.InstanceType) ?? profile, child);
            }

            ValidateAgainstRoot(node, profile, child);
        }
        finally
        {
            run.Leave(node, profile);
        }

        var conforms = !child.HasErrors;
        run.ConformanceCache[(node, profile)] = conforms;
        issues = child.Issues;
        return conforms;
    }

    /// <summary>Validates a node against a profile's root: the root's checks, then its children.</summary>
    public static void ValidateAgainstRoot(ElementNode node, StructureProfile profile, ValidationRun run)
    {
        var root = profile.Root;
        var plan = run.Resources.Plans.For(root);
        RunChecks(plan, node, run);
        if (node.Children.Count > 0 || root.Children.Count > 0 && !node.HasValue)
        {
            ValidateChildren(node, root, root.Children, run);
        }
    }

    /// <summary>Validates a non-resource node against the element definition that governs it.</summary>
    public static void ValidateElement(ElementNode node, ElementDef def, ValidationRun run)
    {
        if (run.IsFull)
        {
            return;
        }

        if (def.ContentReference is { } reference && def.Children.Count == 0
            && def.Owner?.FindByPath(reference) is { } target && !ReferenceEquals(target, def))
        {
            // The referenced definition governs (its checks and children); cardinality stayed with this one.
            ValidateElement(node, target, run);
            return;
        }

        var plan = run.Resources.Plans.For(def);
        RunChecks(plan, node, run);
        if (node.HasValue && node.Children.Count == 0)
        {
            return;
        }

        if (def.Children.Count > 0)
        {
            ValidateChildren(node, def, def.Children, run);
            return;
        }

        ValidateTypeContent(node, def, run);
    }

    /// <summary>A node whose definition leaves its content to the type: validate against the type profile(s) or the core type.</summary>
    private static void ValidateTypeContent(ElementNode node, ElementDef def, ValidationRun run)
    {
        var type = node.InstanceType;
        var typeRef = def.FindType(type) ?? (def.Types.Count == 1 ? def.Types[0] : null);
        if (typeRef is { Profiles.Count: > 0 })
        {
            var profiles = new List<StructureProfile>();
            foreach (var url in typeRef.Profiles)
            {
                if (run.Resources.FindProfile(url) is { } profile && run.Resources.Definitions.IsSameOrSubtypeOf(type, profile.Type))
                {
                    profiles.Add(profile);
                }
            }

            if (profiles.Count == 1)
            {
                ValidateAgainstRoot(node, profiles[0], run);
                return;
            }

            if (profiles.Count > 1)
            {
                ValidateAgainstAny(node, profiles, run);
                return;
            }
        }

        if (run.Resources.CoreType(type) is { } core)
        {
            ValidateAgainstRoot(node, core, run);
        }
    }

    /// <summary>The node must conform to at least one of the profiles.</summary>
    private static void ValidateAgainstAny(ElementNode node, List<StructureProfile> profiles, ValidationRun run)
    {
        var failures = new List<IReadOnlyList<OperationOutcomeIssue>>();
        foreach (var profile in profiles)
        {
            if (DryRun(node, profile, run, out var issues))
            {
                ValidateAgainstRoot(node, profile, run);
                return;
            }

            failures.Add(issues);
        }

        run.Error("structure", $"Unable to find a match for the specified profile among choices: {string.Join(", ", profiles.Select(p => p.VersionedUrl))}.", node);
        foreach (var issues in failures)
        {
            run.AddAll(issues.Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal));
        }
    }

    internal static void ValidateAgainstProfileUrl(ElementNode resource, string url, ValidationRun run, bool requested, ElementNode at)
    {
        var profile = run.Resources.FindProfile(url);
        if (profile is null)
        {
            var severity = requested ? IssueSeverity.Error : run.Options.UnknownProfileSeverity;
            run.Report(severity, "not-found", $"Profile reference '{url}' has not been checked because it is unknown.", at);
            return;
        }

        if (!run.Resources.Definitions.IsSameOrSubtypeOf(resource.InstanceType, profile.Type))
        {
            run.Error("structure", $"The profile {profile.VersionedUrl} is for {profile.Type} resources, not {resource.InstanceType}.", at);
            return;
        }

        if (profile.IsCore && profile.Derivation != StructureDerivation.Constraint)
        {
            // The base definition itself: already validated.
            return;
        }

        if (!run.Enter(resource, profile))
        {
            return;
        }

        try
        {
            ValidateAgainstRoot(resource, profile, run);
        }
        finally
        {
            run.Leave(resource, profile);
        }
    }

    /// <summary>Runs only the checks of a definition on a node (no children): used where the content is governed elsewhere.</summary>
    internal static void RunChecks(ElementDef def, ElementNode node, ValidationRun run) => RunChecks(run.Resources.Plans.For(def), node, run);

    private static void RunChecks(ElementPlan plan, ElementNode node, ValidationRun run)
    {
        var checks = plan.Checks;
        for (var i = 0; i < checks.Length; i++)
        {
            checks[i].Check(node, run);
        }
    }

    /// <summary>Cardinality of each child definition, then each child against its definition (slices and extensions by group).</summary>
    internal static void ValidateChildren(ElementNode node, ElementDef owner, IReadOnlyList<ElementDef> childDefs, ValidationRun run)
    {
        var set = run.Resources.Plans.For(owner).Children(childDefs);
        var slots = set.Slots;
        var children = node.Children;
        // Element definitions have tens of children, not thousands: the counters live on the stack.
        Span<int> counts = slots.Length <= 256 ? stackalloc int[slots.Length] : new int[slots.Length];
        Span<bool> handled = slots.Length <= 256 ? stackalloc bool[slots.Length] : new bool[slots.Length];
        {
            for (var i = 0; i < children.Count; i++)
            {
                var index = set.Find(children[i].Name);
                if (index >= 0)
                {
                    counts[index]++;
                }
                else
                {
                    run.Error("structure", $"Unrecognized element '{children[i].Name}': {owner.Path} has no such child{ValidationRun.From(owner)}.", children[i]);
                }
            }

            for (var s = 0; s < slots.Length; s++)
            {
                var slot = slots[s];
                if (!slot.HasCardinality)
                {
                    continue;
                }

                var count = counts[s];
                if (count < slot.Def.Min)
                {
                    run.Error("required", $"{slot.Def.Key}: minimum required = {slot.Def.Min}, but only found {count}{ValidationRun.From(slot.Def)}.", node);
                }
                else if (slot.Def.Max is { } max && count > max)
                {
                    run.Error("structure", $"{slot.Def.Key}: max allowed = {max}, but found {count}{ValidationRun.From(slot.Def)}.", node);
                }
            }

            for (var i = 0; i < children.Count && !run.IsFull; i++)
            {
                var child = children[i];
                var index = set.Find(child.Name);
                if (index < 0)
                {
                    continue;
                }

                var slot = slots[index];
                if (slot.IsGroup)
                {
                    if (!handled[index])
                    {
                        handled[index] = true;
                        if (slot.IsExtension)
                        {
                            ExtensionSlotValidator.Validate(node, slot, run);
                        }
                        else
                        {
                            SliceValidator.Validate(node, slot, run);
                        }
                    }

                    continue;
                }

                ValidateChild(child, slot.Def, run);
            }

            // Slices that must be present even when nothing of their element is.
            for (var s = 0; s < slots.Length; s++)
            {
                var slot = slots[s];
                if (!handled[s] && slot.IsGroup && slot.Def.Slices.Any(slice => slice.Min > 0))
                {
                    if (slot.IsExtension)
                    {
                        ExtensionSlotValidator.Validate(node, slot, run);
                    }
                    else
                    {
                        SliceValidator.Validate(node, slot, run);
                    }
                }
            }
        }
    }

    /// <summary>One child against its definition: resources are validated as resources (plus the element's type profiles).</summary>
    internal static void ValidateChild(ElementNode child, ElementDef def, ValidationRun run)
    {
        if (!child.IsResource)
        {
            ValidateElement(child, def, run);
            return;
        }

        var typeRef = def.FindType(child.InstanceType) ?? (def.Types.Count == 1 ? def.Types[0] : null);
        var profiles = new List<StructureProfile>();
        foreach (var url in typeRef?.Profiles ?? [])
        {
            if (run.Resources.FindProfile(url) is { Derivation: StructureDerivation.Constraint } profile && profile.Type == child.InstanceType)
            {
                profiles.Add(profile);
            }
        }

        if (profiles.Count == 1)
        {
            ValidateAgainstRoot(child, profiles[0], run);
        }
        else if (profiles.Count > 1)
        {
            ValidateAgainstAny(child, profiles, run);
        }

        if (def.Owner is { Derivation: StructureDerivation.Constraint } && def.Children.Count > 0)
        {
            // A profile that constrains the contained resource's elements inline.
            ValidateChildren(child, def, def.Children, run);
        }

        ValidateResource(child, run);
    }
}
