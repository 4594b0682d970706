using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

/// <summary>The official-suite tests known to fail, with their reasons, read from fhirpath-known-failures.txt.</summary>
internal static class KnownFailures
{
    public static string FilePath { get; } =
        Path.Combine(TestData.RepositoryRoot, "tests", "FhirChainGateway.Fhir.Tests", "FhirPath", "fhirpath-known-failures.txt");

    /// <summary>Test id to reason.</summary>
    public static IReadOnlyDictionary<string, string> Load()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(FilePath))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var bar = line.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0)
            {
                throw new FormatException($"{FilePath}: '{line}' has no '| reason'.");
            }

            entries.Add(line[..bar].Trim(), line[(bar + 1)..].Trim());
        }

        return entries;
    }
}
