using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>maxLength (and the minLength extension) of string-like primitives, counted in characters.</summary>
internal sealed class LengthCheck(int? minLength, int? maxLength, string fromProfile) : INodeCheck
{
    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.Text is not { } text)
        {
            return;
        }

        if (maxLength is { } max && text.Length > max)
        {
            run.Error("value", $"Value is {text.Length} characters long, longer than the maximum length {max}{fromProfile}.", node);
        }

        if (minLength is { } min && text.Length < min)
        {
            run.Error("value", $"Value '{Texts.Shorten(text)}' is shorter than permitted minimum length of {min}{fromProfile}.", node);
        }
    }
}
