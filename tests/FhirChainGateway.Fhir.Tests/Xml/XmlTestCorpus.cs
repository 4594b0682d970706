using System.Xml;
using FhirChainGateway.Fhir.Xml;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>
/// The XML files of the third-party test data (fhir-test-cases r4 and validator), sorted into FHIR resources and the
/// rest, and the XML/JSON pairs of one resource. Paths are relative to the test data root, so test names stay short.
/// </summary>
internal static class XmlTestCorpus
{
    /// <summary>Placeholder row when the test data is absent: the TestData attributes skip the test anyway.</summary>
    public const string Absent = "(test data absent)";

    /// <summary>
    /// FHIR-namespace XML files that are deliberately not acceptable FHIR XML (validator test cases about bad input),
    /// with the reason; the round trip skips them and <see cref="XmlRoundTripTests"/> checks each is rejected.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Invalid = new Dictionary<string, string>
    {
        ["fhir-test-cases/validator/xml-bad-entities.xml"] = "uses the HTML entity &reg;, which XML does not declare (the validator case expects a fatal error)",
        ["fhir-test-cases/validator/Observation-ex-pain.xml"] = "has an undefined attribute and an undefined element (the validator case expects both reported)",
        ["fhir-test-cases/validator/pat-security-bad-string2.xml"] = "has a <script> element inside a string primitive (the validator case expects 'Undefined element')",
        ["fhir-test-cases/validator/capabilitystatement-measure-processor.xml"] = "uses the R5 element CapabilityStatement.identifier, undefined in R4 (the validator case expects 'Undefined element')",
        ["fhir-test-cases/validator/bundle-dual-subject.xml"] = "repeats Composition.subject (max 1 in R4); like JSON, the tree cannot hold two values of a single element",
    };

    public static IEnumerable<string> AllXmlFiles()
    {
        if (TestData.Root is not { } root)
        {
            return [];
        }

        return new[] { "r4", "validator" }
            .Select(folder => Path.Combine(root, "fhir-test-cases", folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>XML files whose root element is in the FHIR namespace, minus the deliberately invalid ones.</summary>
    public static TheoryData<string> FhirResources() => Rows(AllXmlFiles().Where(f => IsFhirNamespace(f) && !Invalid.ContainsKey(f)));

    /// <summary>XML files whose root element is not in the FHIR namespace (CDA documents, the FHIRPath test suite).</summary>
    public static TheoryData<string> NotFhir() => Rows(AllXmlFiles().Where(f => !IsFhirNamespace(f)));

    public static TheoryData<string> InvalidFhir() => Rows(Invalid.Keys.Where(f => TestData.PathOf(f) is { } p && File.Exists(p)));

    /// <summary>
    /// Every XML file with a JSON file of the same resource: the same name beside it, or for the FHIRPath inputs in
    /// <c>r4/</c>, in <c>r4/examples/</c>. The deliberately invalid XML is left out.
    /// </summary>
    public static IEnumerable<string> XmlJsonPairFiles() =>
        AllXmlFiles().Where(f => JsonTwin(f) is not null && !Invalid.ContainsKey(f));

    public static TheoryData<string> XmlJsonPairs() => Rows(XmlJsonPairFiles());

    /// <summary>The JSON of the same resource as an XML file (relative path), or null.</summary>
    public static string? JsonTwin(string relativeXml)
    {
        var beside = Path.ChangeExtension(relativeXml, ".json");
        if (File.Exists(FullPath(beside)))
        {
            return beside;
        }

        var inExamples = "fhir-test-cases/r4/examples/" + Path.GetFileNameWithoutExtension(relativeXml) + ".json";
        return Path.GetDirectoryName(relativeXml)?.Replace('\\', '/') == "fhir-test-cases/r4" && File.Exists(FullPath(inExamples)) ? inExamples : null;
    }

    /// <summary>The JSON resources of the official R4 examples package (<c>package.json</c> is its npm manifest).</summary>
    public static TheoryData<string> SpecExamples() =>
        Rows(JsonFiles("r4-spec-examples/package", SearchOption.TopDirectoryOnly).Where(f => Path.GetFileName(f) != "package.json"));

    /// <summary>The Synthea transaction and batch Bundles (real-world-shaped, up to a few MB each).</summary>
    public static TheoryData<string> SyntheaBundles() => Rows(JsonFiles("synthea", SearchOption.AllDirectories));

    private static IEnumerable<string> JsonFiles(string folder, SearchOption option)
    {
        if (TestData.PathOf(folder) is not { } path || !Directory.Exists(path))
        {
            return [];
        }

        return Directory.EnumerateFiles(path, "*.json", option)
            .Select(f => Path.GetRelativePath(TestData.Root!, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    public static string FullPath(string relative) =>
        TestData.PathOf(relative) ?? throw new InvalidOperationException(TestData.MissingReason);

    public static bool IsFhirNamespace(string relative)
    {
        // Only the root element is read, with the same lock-down as the parser.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(FullPath(relative), settings);
        try
        {
            return reader.MoveToContent() == XmlNodeType.Element && reader.NamespaceURI == FhirXmlNamespaces.Fhir;
        }
        catch (XmlException)
        {
            return true;
        }
    }

    private static TheoryData<string> Rows(IEnumerable<string> files)
    {
        var rows = new TheoryData<string>();
        foreach (var file in files)
        {
            rows.Add(file);
        }

        if (rows.Count == 0)
        {
            rows.Add(Absent);
        }

        return rows;
    }
}
