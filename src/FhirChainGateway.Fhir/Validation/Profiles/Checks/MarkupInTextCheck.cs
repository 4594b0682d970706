using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// Optional rules for text that will be shown to people: with <see cref="ProfileValidatorOptions.SecurityChecks"/>
/// strings must not carry HTML tags (a script injected into a name field); with
/// <see cref="ProfileValidatorOptions.NoHtmlInMarkdown"/> markdown must not either.
/// </summary>
internal sealed partial class MarkupInTextCheck : INodeCheck
{
    public static MarkupInTextCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.Text is not { } text || text.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return;
        }

        if (node.InstanceType == "markdown" && run.Options.NoHtmlInMarkdown && Tag().Match(text) is { Success: true } match)
        {
            run.Error("value", $"The markdown contains content that appears to be an embedded HTML tag starting at '{Texts.Shorten(match.Value)}'.", node);
        }
        else if (node.InstanceType is "string" or "markdown" && run.Options.SecurityChecks && Tag().IsMatch(text))
        {
            run.Error("security", "The string value contains text that looks like embedded HTML tags, which are not allowed for security reasons in this context.", node);
        }
    }

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
