using System.Text.Json;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Writes validation issues as a FHIR OperationOutcome: severity, code, the message as <c>diagnostics</c> and
/// <c>details.text</c>, the FHIRPath location as <c>expression</c>, and the source position in the standard
/// <c>operationoutcome-issue-line</c>/<c>-col</c> extensions. An empty list gives the "all OK" issue FHIR requires.
/// </summary>
public static class OperationOutcomeWriter
{
    public const string LineExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
    public const string ColumnExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<OperationOutcomeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(issues);
        writer.WriteStartObject();
        writer.WriteString("resourceType", "OperationOutcome");
        writer.WriteStartArray("issue");
        if (issues.Count == 0)
        {
            // OperationOutcome.issue is 1..*: say plainly that nothing was found.
            writer.WriteStartObject();
            writer.WriteString("severity", "information");
            writer.WriteString("code", "informational");
            writer.WriteString("diagnostics", "No issues found: the resource is valid.");
            writer.WriteEndObject();
        }

        foreach (var issue in issues)
        {
            writer.WriteStartObject();
            if (issue.Line is { } line)
            {
                writer.WriteStartArray("extension");
                WriteInteger(writer, LineExtension, line);
                if (issue.Column is { } column)
                {
                    WriteInteger(writer, ColumnExtension, column);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("severity", SeverityCode(issue.Severity));
            writer.WriteString("code", issue.Code);
            writer.WriteStartObject("details");
            writer.WriteString("text", issue.Diagnostics);
            writer.WriteEndObject();
            writer.WriteString("diagnostics", issue.Diagnostics);
            if (issue.Location is { Length: > 0 } location)
            {
                writer.WriteStartArray("expression");
                writer.WriteStringValue(location);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8(IReadOnlyList<OperationOutcomeIssue> issues, bool indented = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, issues);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string SeverityCode(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Fatal => "fatal",
        IssueSeverity.Error => "error",
        IssueSeverity.Warning => "warning",
        _ => "information",
    };

    private static void WriteInteger(Utf8JsonWriter writer, string url, int value)
    {
        writer.WriteStartObject();
        writer.WriteString("url", url);
        writer.WriteNumber("valueInteger", value);
        writer.WriteEndObject();
    }
}
