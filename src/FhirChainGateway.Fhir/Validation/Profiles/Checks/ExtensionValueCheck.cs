using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>ext-1, natively: an extension has either a value or nested extensions, never both.</summary>
internal sealed class ExtensionValueCheck : INodeCheck
{
    public static ExtensionValueCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        var hasValue = false;
        var hasExtensions = false;
        var children = node.Children;
        for (var i = 0; i < children.Count; i++)
        {
            switch (children[i].Name)
            {
                case "value":
                    hasValue = true;
                    break;
                case "extension":
                    hasExtensions = true;
                    break;
            }
        }

        if (hasValue == hasExtensions)
        {
            run.Error("invariant", hasValue
                ? "ext-1: an extension must have either extensions or a value[x], not both."
                : "ext-1: an extension must have either extensions or a value[x]; it has neither.", node);
        }
    }
}
