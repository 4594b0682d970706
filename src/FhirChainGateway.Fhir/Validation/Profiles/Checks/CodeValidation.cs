using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Terminology;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// Checks one (system, code, display) against what is known of the system, whatever the binding: a code a loaded,
/// complete code system does not define is an error (a wrong FHIR code never passes silently), so is a display that
/// is none of the concept's; external systems follow <see cref="ExternalCodeSystems"/>.
/// </summary>
internal static class CodeValidation
{
    public static void Validate(string system, string code, string? display, ElementNode node, ValidationRun run)
    {
        if (!system.Contains(':', StringComparison.Ordinal))
        {
            run.Error("code-invalid", $"Coding.system must be an absolute reference, not a local reference ('{system}').", node);
            return;
        }

        var terminology = run.Resources.Terminology;
        var lookup = terminology.Lookup(system, code);
        switch (lookup.Status)
        {
            case CodeLookupStatus.Found:
                var concept = lookup.Concept!;
                if (display is not null && concept.Display is not null && !concept.HasDisplay(display))
                {
                    run.Report(run.Options.DisplayMismatchSeverity, "code-invalid", $"Wrong Display Name '{Texts.Shorten(display)}' for {system}#{code}. Valid display is '{concept.Display}'.", node);
                }

                if (concept.IsInactive)
                {
                    run.Warning("business-rule", $"The concept '{code}' of {system} has a status of inactive and its use should be reviewed.", node);
                }

                break;
            case CodeLookupStatus.UnknownCode:
                run.Error("code-invalid", $"Unknown code '{Texts.Shorten(code)}' in the CodeSystem '{lookup.CodeSystem!.DisplayName}' ({system}).", node);
                break;
            case CodeLookupStatus.InvalidSyntax:
                run.Report(run.Options.InvalidExternalCodeSeverity, "code-invalid", $"Invalid code for {TerminologyMessages.System(system)}: {lookup.External!.Problem}.", node);
                break;
            case CodeLookupStatus.NotVerified:
                run.NoteUnverified(system, node);
                break;
            case CodeLookupStatus.UnknownSystem:
                if (terminology.IsValueSet(system))
                {
                    run.Error("code-invalid", $"The Coding references a value set, not a code system ('{system}').", node);
                }
                else
                {
                    run.Warning("not-found", $"A definition for CodeSystem '{system}' could not be found, so the code cannot be validated.", node);
                }

                break;
        }
    }
}
