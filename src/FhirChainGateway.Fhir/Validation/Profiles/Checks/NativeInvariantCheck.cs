using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// A core invariant checked natively instead of by FHIRPath, where the expression scans every entry of a Bundle
/// (<c>entry.all(...)</c>, <c>isDistinct()</c>): a 10,000-entry Bundle must stay linear. Same key, severity and wording.
/// </summary>
internal sealed class NativeInvariantCheck(ElementDef def, ElementConstraint constraint, Func<ElementNode, bool> holds) : INodeCheck
{
    /// <summary>The native forms of Bundle invariants, by key.</summary>
    public static readonly IReadOnlyDictionary<string, Func<ElementNode, bool>> Bundle = new Dictionary<string, Func<ElementNode, bool>>(StringComparer.Ordinal)
    {
        // bdl-3: entry.request mandatory for batch/transaction/history, otherwise prohibited.
        ["bdl-3"] = bundle => EveryEntry(bundle, "request", bundle.ChildText("type") is "batch" or "transaction" or "history"),

        // bdl-4: entry.response mandatory for batch-response/transaction-response/history, otherwise prohibited.
        ["bdl-4"] = bundle => EveryEntry(bundle, "response", bundle.ChildText("type") is "batch-response" or "transaction-response" or "history"),

        // bdl-7: fullUrl unique, or entries with the same fullUrl have different meta.versionId (except in history).
        ["bdl-7"] = bundle =>
        {
            if (bundle.ChildText("type") == "history")
            {
                return true;
            }

            var seen = new HashSet<(string, string?)>();
            foreach (var entry in bundle.ChildrenNamed("entry"))
            {
                if (entry.ChildText("fullUrl") is { } fullUrl
                    && !seen.Add((fullUrl, entry.FirstChild("resource")?.FirstChild("meta")?.ChildText("versionId"))))
                {
                    return false;
                }
            }

            return true;
        },
    };

    public void Check(ElementNode node, ValidationRun run)
    {
        if (!holds(node))
        {
            var severity = constraint.Severity == ConstraintSeverity.Warning ? IssueSeverity.Warning : IssueSeverity.Error;
            run.Report(severity, "invariant", $"Constraint failed: {constraint.Key}: '{constraint.Human}'{(def.Owner?.IsCore == true ? string.Empty : ValidationRun.From(def))}", node);
        }
    }

    private static bool EveryEntry(ElementNode bundle, string child, bool required)
    {
        foreach (var entry in bundle.ChildrenNamed("entry"))
        {
            if (entry.FirstChild(child) is not null != required)
            {
                return false;
            }
        }

        return true;
    }
}
