using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>Every Coding's code is checked against its code system (see <see cref="CodeValidation"/>).</summary>
internal sealed class CodingCheck : INodeCheck
{
    public static CodingCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.InstanceType != "Coding" || node.ChildText("code") is not { } code)
        {
            return;
        }

        if (node.ChildText("system") is not { } system)
        {
            run.Warning("code-invalid", "A code with no system has no defined meaning, and it cannot be validated. A system should be provided.", node);
            return;
        }

        CodeValidation.Validate(system, code, node.ChildText("display"), node, run);
    }
}
