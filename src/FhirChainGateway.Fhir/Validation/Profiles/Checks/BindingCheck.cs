using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Snapshots;
using FhirChainGateway.Fhir.Terminology;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// A terminology binding: the code (of a <c>code</c>, Coding, CodeableConcept, Quantity or string) must be in the
/// expanded ValueSet. Required: an error when it is not; extensible: a warning; preferred: information. Additional
/// bindings of purpose <c>required</c> are checked like required ones. Where the ValueSet includes codes that cannot
/// be enumerated (SNOMED CT, LOINC...), the external-system policy decides instead.
/// </summary>
internal sealed class BindingCheck(ElementDef def, BindingDef binding) : INodeCheck
{
    /// <summary>
    /// Bindings of the R4 core profiles that the specification's technical corrections (and the HL7 validator) treat as
    /// extensible although the 4.0.1 snapshots say required: the vital signs units, which legitimately vary.
    /// </summary>
    private static readonly HashSet<string> RelaxedRequiredBindings = new(StringComparer.Ordinal)
    {
        "http://hl7.org/fhir/ValueSet/ucum-vitals-common",
    };

    public void Check(ElementNode node, ValidationRun run)
    {
        if (binding.ValueSet is { } valueSet)
        {
            var strength = binding.Strength == BindingStrength.Required && RelaxedRequiredBindings.Contains(Unversioned(valueSet)) ? BindingStrength.Extensible : binding.Strength;
            CheckAgainst(node, run, valueSet, strength, additional: false);
        }

        foreach (var extra in binding.Additional)
        {
            if (extra.Purpose is "required" or "current")
            {
                CheckAgainst(node, run, extra.ValueSet, BindingStrength.Required, additional: true);
            }
        }
    }

    private void CheckAgainst(ElementNode node, ValidationRun run, string valueSetUrl, BindingStrength strength, bool additional)
    {
        var values = CodedValues(node);
        if (values is null)
        {
            return;
        }

        var expansion = run.Resources.Terminology.Expand(valueSetUrl);
        if (expansion is null)
        {
            if (strength == BindingStrength.Required)
            {
                run.Warning("not-found", $"ValueSet '{valueSetUrl}' not found, so the code could not be checked against the required binding{ValidationRun.From(def)}.", node);
            }

            return;
        }

        if (values.Count == 0)
        {
            if (strength == BindingStrength.Required && node.InstanceType == "CodeableConcept" && node.ChildText("text") is not null)
            {
                run.Error("code-invalid", $"No code provided, and a code is required from the value set {expansion.DisplayName}{ValidationRun.From(def)}.", node);
            }

            return;
        }

        var unknown = false;
        string? invalidSyntax = null;
        foreach (var (system, code) in values)
        {
            switch (expansion.Contains(system, code))
            {
                case Membership.Member:
                    return;
                case Membership.Unknown:
                    var open = system ?? (expansion.OpenSystems.Count == 1 ? expansion.OpenSystems.First() : null);
                    if (open is not null && run.Resources.Terminology.Lookup(open, code) is { Status: CodeLookupStatus.InvalidSyntax } bad)
                    {
                        invalidSyntax = bad.External?.Problem;
                    }
                    else
                    {
                        unknown = true;
                    }

                    break;
            }
        }

        if (unknown)
        {
            foreach (var open in expansion.OpenSystems)
            {
                run.NoteUnverified(open, node);
            }

            return;
        }

        var severity = strength switch
        {
            BindingStrength.Required => IssueSeverity.Error,
            BindingStrength.Extensible => IssueSeverity.Warning,
            _ => IssueSeverity.Information,
        };
        var kind = additional ? "an additional binding" : "the binding";
        var requirement = strength switch
        {
            BindingStrength.Required => "and a code from this value set is required",
            BindingStrength.Extensible => "and a code should come from this value set unless it has no suitable code",
            _ => "and a code from this value set is preferred",
        };
        var found = node.InstanceType == "CodeableConcept"
            ? "None of the codings provided are"
            : $"The {(values[0].System is null ? "value" : "code")} provided ('{Describe(values[0])}') was not";
        var syntax = invalidSyntax is null ? string.Empty : $" ({invalidSyntax})";
        run.Report(severity, "code-invalid", $"{found} in the value set {expansion.DisplayName} specified by {kind}, {requirement}{syntax}{ValidationRun.From(def)}.", node);
    }

    private static string Unversioned(string canonical) => canonical.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? canonical[..bar] : canonical;

    private static string Describe((string? System, string Code) value) =>
        value.System is null ? Texts.Shorten(value.Code) : $"{value.System}#{Texts.Shorten(value.Code)}";

    /// <summary>The (system, code) pairs a node carries, or null when its type is not coded.</summary>
    private static List<(string? System, string Code)>? CodedValues(ElementNode node)
    {
        switch (node.InstanceType)
        {
            case "code" or "string" or "uri" or "url" or "canonical":
                return node.Text is { } text ? [(null, text)] : [];
            case "Coding":
                return node.ChildText("code") is { } code ? [(node.ChildText("system"), code)] : [];
            case "CodeableConcept":
            {
                var result = new List<(string?, string)>();
                foreach (var coding in node.ChildrenNamed("coding"))
                {
                    if (coding.ChildText("code") is { } c)
                    {
                        result.Add((coding.ChildText("system"), c));
                    }
                }

                return result;
            }

            case "Quantity" or "Age" or "Count" or "Distance" or "Duration" or "SimpleQuantity" or "MoneyQuantity":
                return node.ChildText("code") is { } unit ? [(node.ChildText("system"), unit)] : [];
            default:
                return null;
        }
    }
}
