using System.Globalization;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>An Attachment's stated size must be the size of its inline data.</summary>
internal sealed class AttachmentCheck : INodeCheck
{
    public static AttachmentCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.InstanceType != "Attachment" || node.ChildText("data") is not { } data || node.ChildText("size") is not { } sizeText
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return;
        }

        var length = 0;
        var padding = 0;
        foreach (var c in data)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            length++;
            padding = c == '=' ? padding + 1 : 0;
        }

        if (length % 4 != 0)
        {
            // Not base64: the primitive check reports it.
            return;
        }

        var actual = length / 4 * 3 - padding;
        if (actual != size)
        {
            run.Error("value", $"Stated Attachment Size {size} does not match actual attachment size {actual}.", node);
        }
    }
}
