using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// One invariant (ElementDefinition.constraint), compiled once. A result of false is an issue of the constraint's
/// severity; an empty result passes (the expression could not be decided on this data, as with comparisons of
/// dates of different precision). An expression that cannot be compiled or evaluated is reported as a warning
/// naming the invariant, never as a failure of the resource.
/// </summary>
internal sealed class InvariantCheck(ElementDef def, ElementConstraint constraint, CompiledExpression? expression, string? compileError) : INodeCheck
{
    // Core invariants repeated in a profile's snapshot read the same whichever profile reaches them, so they are reported once.
    private readonly string _from = constraint.Source is { } source && source.StartsWith("http://hl7.org/fhir/StructureDefinition/", StringComparison.Ordinal)
        && def.Owner is { } owner && source != owner.Url ? string.Empty : ValidationRun.From(def);

    private readonly Func<ElementNode, bool>? _guard = InvariantGuards.For(constraint);

    public ElementConstraint Constraint => constraint;

    public void Check(ElementNode node, ValidationRun run)
    {
        if (_guard is not null && !_guard(node))
        {
            return;
        }

        if (expression is null)
        {
            run.Warning("informational", $"Invariant {constraint.Key} could not be compiled, so it was not checked: {compileError}", node);
            return;
        }

        bool? result;
        try
        {
            result = expression.EvaluateBoolean(node, run.Evaluation);
        }
        catch (FhirPathException e)
        {
            run.Warning("informational", $"Invariant {constraint.Key} could not be evaluated, so it was not checked: {e.Message}", node);
            return;
        }

        if (result == false)
        {
            var severity = constraint.Severity == ConstraintSeverity.Warning ? IssueSeverity.Warning : IssueSeverity.Error;
            run.Report(severity, "invariant", $"Constraint failed: {constraint.Key}: '{constraint.Human}'{_from}", node);
        }
    }
}
