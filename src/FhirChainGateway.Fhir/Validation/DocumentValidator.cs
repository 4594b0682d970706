using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Validates a document as received (FHIR JSON or XML): parses it, validates the resource, and gives every issue the
/// line and column of its location. A document that cannot be parsed is a result with the parser's errors (which
/// carry their positions). What the CLI and the <c>$validate</c> operation share.
/// </summary>
public sealed class DocumentValidator
{
    private readonly FhirJsonParser _json;
    private readonly FhirXmlParser _xml;

    public DocumentValidator(ProfileValidator validator)
    {
        Validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _json = new FhirJsonParser(validator.Resources.Definitions);
        _xml = new FhirXmlParser(validator.Resources.Definitions);
    }

    public ProfileValidator Validator { get; }

    /// <summary>True when the content is XML (its first non-blank character is <c>&lt;</c>).</summary>
    public static bool LooksLikeXml(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        foreach (var b in content)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'<';
        }

        return false;
    }

    /// <summary>Parses and validates; <paramref name="resources"/> layers extra conformance resources for this call.</summary>
    public DocumentValidationResult Validate(ReadOnlySpan<byte> content, IReadOnlyList<string>? profiles = null, ValidationResources? resources = null)
    {
        var xml = LooksLikeXml(content);
        ElementNode resource;
        try
        {
            resource = xml ? _xml.Parse(content) : _json.Parse(content);
        }
        catch (FhirException failure)
        {
            return new DocumentValidationResult(null, failure.Issues);
        }

        var issues = Validator.Validate(resource, profiles ?? [], resources ?? Validator.Resources);
        issues = xml
            ? SourceLocations.AttachXml(issues, System.Text.Encoding.UTF8.GetString(content), Validator.Resources.Definitions)
            : SourceLocations.AttachJson(issues, content, Validator.Resources.Definitions);
        return new DocumentValidationResult(resource, issues);
    }
}

/// <summary>The resource (null when the document could not be parsed) and the issues found.</summary>
public sealed record DocumentValidationResult(ElementNode? Resource, IReadOnlyList<OperationOutcomeIssue> Issues)
{
    public int ErrorCount => Issues.Count(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal);

    public int WarningCount => Issues.Count(i => i.Severity == IssueSeverity.Warning);

    public bool IsValid => ErrorCount == 0;
}
