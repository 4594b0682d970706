using System.Text.Json;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Server.Http;

/// <summary>Writes OperationOutcome resources; the single place where issues become FHIR JSON.</summary>
public static class OperationOutcomeJson
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<OperationOutcomeIssue> issues)
    {
        writer.WriteStartObject();
        writer.WriteString("resourceType", "OperationOutcome");
        writer.WriteStartArray("issue");
        foreach (var issue in issues)
        {
            writer.WriteStartObject();
            writer.WriteString("severity", SeverityCode(issue.Severity));
            writer.WriteString("code", issue.Code);
            writer.WriteString("diagnostics", issue.Diagnostics);
            if (issue.Location is not null)
            {
                writer.WriteStartArray("expression");
                writer.WriteStringValue(issue.Location);
                writer.WriteEndArray();
            }

            if (issue.Line is not null)
            {
                writer.WriteStartArray("extension");
                WritePositionExtension(writer, "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line", issue.Line.Value);
                if (issue.Column is not null)
                {
                    WritePositionExtension(writer, "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col", issue.Column.Value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8(IReadOnlyList<OperationOutcomeIssue> issues)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
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

    private static void WritePositionExtension(Utf8JsonWriter writer, string url, int value)
    {
        writer.WriteStartObject();
        writer.WriteString("url", url);
        writer.WriteNumber("valueInteger", value);
        writer.WriteEndObject();
    }
}
