using System.Text.Json;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Validation.Manifest;

/// <summary>
/// One step of a case of the HL7 validator test suite (<c>fhir-test-cases/validator/manifest-r4.json</c>): the
/// instance, the conformance resources to load, the profile to validate against (for the "profile" step) and the
/// verdict the HL7 Java validator recorded. The manifest format is documented in the upstream manifest.json.
/// </summary>
public sealed record ValidatorTestCase(
    string Name,
    string Step,
    string Module,
    string File,
    IReadOnlyList<string> Supporting,
    string? ProfileSource,
    bool? JavaHasErrors,
    bool NeedsPackages,
    JsonElement Settings)
{
    public const string Folder = "fhir-test-cases/validator";

    /// <summary>Case and step as the disagreement list names them: <c>patient-bad-gender [profile]</c>.</summary>
    public string Id => $"{Name} [{Step}]";

    /// <summary>Terminology-server cases: their outcomes depend on tx.fhir.org (SNOMED CT, LOINC expansions...).</summary>
    public bool IsTerminologyCase => Module is "tx" or "tx-advanced";

    /// <summary>Counted in the agreement figure: not terminology, no IG packages, a recorded verdict, and an instance in JSON or XML.</summary>
    public bool IsCounted => !IsTerminologyCase && !NeedsPackages && JavaHasErrors is not null && IsReadable;

    public bool IsReadable => (File.EndsWith(".json", StringComparison.Ordinal) || File.EndsWith(".xml", StringComparison.Ordinal))
        && System.IO.File.Exists(PathOf(File));

    public bool Flag(string name) => Settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static string PathOf(string relative) => Path.Combine(TestData.Root!, Folder, relative);

    /// <summary>All steps of all R4 cases, in manifest order.</summary>
    public static List<ValidatorTestCase> Load()
    {
        var cases = new List<ValidatorTestCase>();
        var manifestPath = Path.Combine(TestData.Root!, Folder, "manifest-r4.json");
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllBytes(manifestPath));
        foreach (var c in manifest.RootElement.GetProperty("test-cases").EnumerateArray())
        {
            var settings = c.Clone();
            var name = c.GetProperty("name").GetString()!;
            var file = c.GetProperty("file").GetString()!;
            var module = c.TryGetProperty("module", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            var packages = c.TryGetProperty("packages", out _);
            var supporting = Strings(c, "supporting").Concat(Strings(c, "profiles")).Concat(Strings(c, "supporting5")).ToList();

            // The HL7 harness keeps the profile step's supporting files loaded for the whole case.
            if (c.TryGetProperty("profile", out var profile))
            {
                supporting.AddRange(Strings(profile, "supporting"));
            }

            if (c.TryGetProperty("java", out var java))
            {
                cases.Add(new ValidatorTestCase(name, "base", module, file, supporting, null, Verdict(java), packages, settings));
            }

            if (c.TryGetProperty("profile", out profile) && profile.TryGetProperty("java", out var profileJava) && profile.TryGetProperty("source", out var source))
            {
                var all = supporting.Append(source.GetString()!).ToList();
                var step = new ValidatorTestCase(name, "profile", module, file, all, source.GetString(), Verdict(profileJava), packages, settings);
                cases.Add(step);
            }
        }

        return cases;
    }

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : [];

    /// <summary>True when the recorded outcome has an error or fatal issue; null when no outcome was recorded.</summary>
    private static bool? Verdict(JsonElement java)
    {
        JsonElement outcome;
        if (java.ValueKind == JsonValueKind.String)
        {
            var path = Path.Combine(TestData.Root!, Folder, "outcomes", java.GetString()!);
            if (!System.IO.File.Exists(path))
            {
                return null;
            }

            outcome = JsonDocument.Parse(System.IO.File.ReadAllBytes(path)).RootElement;
        }
        else if (java.ValueKind == JsonValueKind.Object && java.TryGetProperty("outcome", out var inline))
        {
            outcome = inline;
        }
        else if (java.ValueKind == JsonValueKind.Object && java.TryGetProperty("errorCount", out var count))
        {
            return count.GetInt32() > 0;
        }
        else
        {
            return null;
        }

        return outcome.TryGetProperty("issue", out var issues)
            && issues.EnumerateArray().Any(i => i.TryGetProperty("severity", out var s) && s.GetString() is "error" or "fatal");
    }
}
