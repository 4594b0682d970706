namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>Helpers for messages: values are quoted shortened so an issue never carries a whole document.</summary>
internal static class Texts
{
    public static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";

    public static string List(IEnumerable<string> items) => string.Join(", ", items);
}
