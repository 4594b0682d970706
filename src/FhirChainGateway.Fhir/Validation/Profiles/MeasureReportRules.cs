using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// A MeasureReport against its type and, when it can be resolved, its Measure: only subject-list reports list
/// subjects, and there the population count is the number of subjects; population codes come from the Measure's
/// group; stratifier codes match the Measure's stratifiers.
/// </summary>
internal static class MeasureReportRules
{
    public static void Check(ElementNode report, ValidationRun run)
    {
        var subjectList = report.ChildText("type") == "subject-list";
        var measure = report.ChildText("measure") is { } url ? run.Resources.FindCanonicalResource("Measure", url) : null;
        var groups = report.ChildrenNamed("group").ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var definition = measure is { } json ? MeasureGroup(json, group, g) : null;
            foreach (var population in group.ChildrenNamed("population"))
            {
                CheckSubjects(population, subjectList, run);
                if (definition is { } measureGroup && population.FirstChild("code") is { } code
                    && !measureGroup.GetArrayOrEmpty("population").Any(p => SameConcept(code, p.GetObjectOrDefault("code"))))
                {
                    run.Error("business-rule", "The code for this group population has no match in the measure definition.", population);
                }
            }

            if (definition is not { } measureGroupWithStrata)
            {
                continue;
            }

            var stratifiers = measureGroupWithStrata.GetArrayOrEmpty("stratifier").ToList();
            foreach (var stratifier in group.ChildrenNamed("stratifier"))
            {
                // Stratifiers are matched to the Measure's by code: one without a matching code reports on nothing the Measure defines.
                if (stratifiers.Count > 0 && !stratifiers.Any(s => stratifier.ChildrenNamed("code").Any(c => SameConcept(c, s.GetObjectOrDefault("code")))))
                {
                    run.Error("business-rule", "Group should have a code that matches the group stratifier definition in the measure.", stratifier);
                }
            }
        }
    }

    private static void CheckSubjects(ElementNode population, bool subjectList, ValidationRun run)
    {
        if (population.FirstChild("subjectResults") is not { } subjects)
        {
            return;
        }

        if (!subjectList)
        {
            run.Error("business-rule", "Reports where type is not 'subject-list' don't have subjects listed.", population);
            return;
        }

        if (population.ChildText("count") is { } countText && int.TryParse(countText, out var count))
        {
            // subjectResults names a List of the subjects (counted when it is contained); a reference to anything
            // else names one subject; a List that cannot be resolved cannot be counted.
            var reference = subjects.ChildText("reference") ?? string.Empty;
            int? listed = reference.StartsWith('#')
                ? population.ContainingResource()?.ChildrenNamed("contained").FirstOrDefault(c => c.ChildText("id") == reference[1..]) is { InstanceType: "List" } list ? list.ChildrenNamed("entry").Count() : null
                : reference.StartsWith("List/", StringComparison.Ordinal) || reference.Contains("/List/", StringComparison.Ordinal) ? null : 1;
            if (listed is { } subjectCount && subjectCount != count)
            {
                run.Error("business-rule", $"Mismatch between count {count} and number of subjects {subjectCount}.", population);
            }
        }
    }

    /// <summary>The Measure group a report group reports on: by id, else by position.</summary>
    private static System.Text.Json.JsonElement? MeasureGroup(System.Text.Json.JsonElement measure, ElementNode group, int index)
    {
        var groups = measure.GetArrayOrEmpty("group").ToList();
        if (group.ChildText("id") is { } id && groups.FirstOrDefault(g => g.GetStringOrNull("id") == id) is { ValueKind: System.Text.Json.JsonValueKind.Object } byId)
        {
            return byId;
        }

        return index < groups.Count ? groups[index] : null;
    }

    /// <summary>Two CodeableConcepts mean the same when they share a coding (system and code), or, without codings, their text.</summary>
    private static bool SameConcept(ElementNode concept, System.Text.Json.JsonElement definition)
    {
        var codings = concept.ChildrenNamed("coding").ToList();
        var definedCodings = definition.GetArrayOrEmpty("coding").ToList();
        if (codings.Count > 0 && definedCodings.Count > 0)
        {
            return codings.Any(c => definedCodings.Any(d => d.GetStringOrNull("code") == c.ChildText("code") && d.GetStringOrNull("system") == c.ChildText("system")));
        }

        return concept.ChildText("text") is { } text && definition.GetStringOrNull("text") == text;
    }
}
