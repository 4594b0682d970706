using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>With <see cref="ProfileValidatorOptions.RejectExampleUrls"/>: url values must not point at example domains.</summary>
internal sealed class ExampleUrlCheck : INodeCheck
{
    public static ExampleUrlCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (run.Options.RejectExampleUrls && node.InstanceType == "url" && node.Text is { } url && ExtensionSlotValidator.IsExampleUrl(url))
        {
            run.Error("value", $"Example URLs are not allowed in this context ({Texts.Shorten(url)}).", node);
        }
    }
}
