using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Support;

/// <summary>The third-party example files the corpus tests run over, as theory data (relative paths, so test names stay short).</summary>
public static class Corpus
{
    public const string SpecExamples = "r4-spec-examples/package";
    public const string Synthea = "synthea";

    /// <summary>Every resource file of the HL7 R4 examples package (its npm <c>package.json</c> manifest is not a resource).</summary>
    public static TheoryData<string> SpecExampleFiles() => AsTheoryData(SpecExampleList());

    /// <summary>Every Synthea Bundle (patients and the hospital/practitioner batch Bundles).</summary>
    public static TheoryData<string> SyntheaFiles() => AsTheoryData(SyntheaList());

    public static List<string> SpecExampleList() => Files(SpecExamples, SearchOption.TopDirectoryOnly, f => Path.GetFileName(f) != "package.json");

    public static List<string> SyntheaList() => Files(Synthea, SearchOption.AllDirectories, _ => true);

    public static string FullPath(string relative) => Path.Combine(TestData.Root!, relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(FullPath(relative));

    private static TheoryData<string> AsTheoryData(List<string> files)
    {
        var data = new TheoryData<string>();
        foreach (var file in files)
        {
            data.Add(file);
        }

        if (files.Count == 0)
        {
            // The theory is skipped without test data, but xunit still wants one row to enumerate.
            data.Add("(test data missing)");
        }

        return data;
    }

    private static List<string> Files(string folder, SearchOption option, Func<string, bool> include)
    {
        var root = TestData.Root;
        if (root is null || !Directory.Exists(Path.Combine(root, folder)))
        {
            return [];
        }

        return Directory.EnumerateFiles(Path.Combine(root, folder), "*.json", option)
            .Where(include)
            .Order(StringComparer.Ordinal)
            .Select(file => Path.GetRelativePath(root, file))
            .ToList();
    }
}
