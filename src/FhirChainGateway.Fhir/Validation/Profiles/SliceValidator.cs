using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// The instances of a sliced element: each is assigned to the first slice whose discriminators it matches, then
/// validated against that slice (or the sliced element itself when it matches none). Checks slice cardinality,
/// closed slicing (no unmatched instances), openAtEnd (unmatched ones last) and ordered slicing.
/// </summary>
internal static class SliceValidator
{
    public static void Validate(ElementNode parent, ChildSlot slot, ValidationRun run)
    {
        var def = slot.Def;
        var slices = def.Slices;
        var slicing = def.Slicing ?? ImpliedSlicing(def);
        var items = parent.ChildrenNamed(def.Name).ToList();
        var assigned = new int[items.Count];
        var counts = new int[slices.Count];
        for (var i = 0; i < items.Count; i++)
        {
            assigned[i] = -1;
            for (var s = 0; s < slices.Count; s++)
            {
                if (SliceMatcher.Matches(items[i], slices[s], slicing, run))
                {
                    assigned[i] = s;
                    counts[s]++;
                    break;
                }
            }
        }

        var last = -1;
        var unmatchedSeen = false;
        for (var i = 0; i < items.Count; i++)
        {
            if (assigned[i] >= 0)
            {
                if (slicing.Ordered && assigned[i] < last)
                {
                    run.Error("structure", $"As specified by the profile{ValidationRun.From(def)}, the slices of {def.Key} are ordered, and this element (slice '{slices[assigned[i]].SliceName}') is out of order.", items[i]);
                }

                if (slicing.Rules == SlicingRules.OpenAtEnd && unmatchedSeen)
                {
                    run.Error("structure", $"The slicing of {def.Key} is openAtEnd: elements that match no slice must come after those that do{ValidationRun.From(def)}.", items[i]);
                }

                last = Math.Max(last, assigned[i]);
            }
            else
            {
                unmatchedSeen = true;
                if (slicing.Rules == SlicingRules.Closed)
                {
                    run.Error("structure", $"This element does not match any known slice defined in the profile{ValidationRun.From(def)} and slicing is CLOSED ({def.Key}; slices: {string.Join(", ", slices.Select(s => s.SliceName))}).", items[i]);
                }
            }
        }

        for (var i = 0; i < items.Count && !run.IsFull; i++)
        {
            ProfileWalker.ValidateChild(items[i], assigned[i] >= 0 ? slices[assigned[i]] : def, run);
        }

        for (var s = 0; s < slices.Count; s++)
        {
            var slice = slices[s];
            if (counts[s] < slice.Min)
            {
                run.Error("required", $"Slice '{slice.Key}': a matching slice is required, but not found{ValidationRun.From(slice)}.", parent);
            }
            else if (slice.Max is { } max && counts[s] > max)
            {
                run.Error("structure", $"{slice.Key}: max allowed = {max}, but found {counts[s]}{ValidationRun.From(slice)}.", parent);
            }
        }
    }

    /// <summary>Slices without a slicing: choices are sliced by type, extensions by url; anything else by full conformance.</summary>
    private static SlicingDef ImpliedSlicing(ElementDef def)
    {
        if (def.IsChoice)
        {
            return new SlicingDef([new Discriminator(DiscriminatorType.Type, "$this")], false, SlicingRules.Open);
        }

        if (def.Name is "extension" or "modifierExtension")
        {
            return new SlicingDef([new Discriminator(DiscriminatorType.Value, "url")], false, SlicingRules.Open);
        }

        return new SlicingDef([], false, SlicingRules.Open);
    }
}
