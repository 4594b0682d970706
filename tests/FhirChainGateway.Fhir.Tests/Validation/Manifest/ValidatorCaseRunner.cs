using System.Text;
using System.Text.Json;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Fhir.Tests.Validation.Manifest;

/// <summary>
/// Runs one manifest step the way the HL7 harness does: its supporting conformance resources layered over the core
/// ones, the instance read as JSON or XML (a document our parsers reject counts as having errors), the manifest's
/// settings mapped to validator options, then validation against base R4, <c>meta.profile</c> and the step's profile.
/// </summary>
public static class ValidatorCaseRunner
{
    public static IReadOnlyList<OperationOutcomeIssue> Run(ValidatorTestCase testCase, ValidationFixture fixture)
    {
        var extra = new ConformanceResourceSet(fixture.Definitions);
        foreach (var file in testCase.Supporting)
        {
            var path = ValidatorTestCase.PathOf(file);
            if (File.Exists(path))
            {
                extra.LoadFile(path);
            }
        }

        var resources = fixture.Resources.WithAdditional(extra);
        var options = ProfileValidatorOptions.HL7Compatible with
        {
            AssumeValidRestReferences = testCase.Flag("assumeValidRestReferences") || testCase.Step == "profile" && ProfileFlag(testCase, "assumeValidRestReferences"),
            SecurityChecks = testCase.Flag("security-checks"),
            NoHtmlInMarkdown = testCase.Flag("noHtmlInMarkdown"),
        };

        var profiles = new List<string>();
        if (testCase.ProfileSource is { } source && extra.All.LastOrDefault(r => r.Source.EndsWith(source, StringComparison.Ordinal) && r.Url is not null)?.Url is { } url)
        {
            profiles.Add(url);
        }

        try
        {
            var bytes = File.ReadAllBytes(ValidatorTestCase.PathOf(testCase.File));
            if (testCase.Flag("allow-comments"))
            {
                bytes = JsonComments.Strip(bytes);
            }

            ElementNode resource = testCase.File.EndsWith(".xml", StringComparison.Ordinal) ? fixture.XmlParser.Parse(bytes) : fixture.JsonParser.Parse(bytes);
            return new ProfileValidator(resources, options).Validate(resource, profiles, resources);
        }
        catch (FhirException e)
        {
            return e.Issues;
        }
    }

    private static bool ProfileFlag(ValidatorTestCase testCase, string name) =>
        testCase.Settings.TryGetProperty("profile", out var profile) && profile.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}

/// <summary>Removes // and /* */ comments outside strings: the "allow-comments" cases of the suite (JSON5-style input the HL7 validator can be told to accept).</summary>
internal static class JsonComments
{
    public static byte[] Strip(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var result = new StringBuilder(text.Length);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    result.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                result.Append(c);
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                result.Append('\n');
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i += 2;
                while (i + 1 < text.Length && !(text[i] == '*' && text[i + 1] == '/'))
                {
                    i++;
                }

                i++;
            }
            else
            {
                result.Append(c);
            }
        }

        return Encoding.UTF8.GetBytes(result.ToString());
    }
}
