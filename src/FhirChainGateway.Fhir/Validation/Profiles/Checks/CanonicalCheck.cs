using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>A canonical is an absolute URL (or a <c>#fragment</c> to a contained resource): a relative one names nothing.</summary>
internal sealed class CanonicalCheck : INodeCheck
{
    public static CanonicalCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.InstanceType == "canonical" && node.Text is { Length: > 0 } text && !text.StartsWith('#') && !text.Contains(':', StringComparison.Ordinal))
        {
            run.Report(run.Options.RelativeCanonicalSeverity, "value", $"Canonical URLs must be absolute URLs if they are not fragment references ({Texts.Shorten(text)}).", node);
        }
    }
}
