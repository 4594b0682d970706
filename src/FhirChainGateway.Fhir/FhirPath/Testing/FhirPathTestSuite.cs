using System.Xml;
using System.Xml.Linq;

namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>A test suite in the official FHIRPath format: <c>&lt;tests&gt;&lt;group&gt;&lt;test&gt;</c> with expression and outputs.</summary>
public sealed class FhirPathTestSuite
{
    private FhirPathTestSuite(string name, string? path, IReadOnlyList<FhirPathTestCase> cases)
    {
        Name = name;
        Path = path;
        Cases = cases;
    }

    public string Name { get; }

    /// <summary>The file the suite was read from, when it was read from a file.</summary>
    public string? Path { get; }

    public IReadOnlyList<FhirPathTestCase> Cases { get; }

    public static FhirPathTestSuite Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    public static FhirPathTestSuite Parse(Stream xml, string? path = null)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(xml, settings);
        var document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        var root = document.Root ?? throw new FormatException("The test suite has no root element.");
        var cases = new List<FhirPathTestCase>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in root.Elements("group"))
        {
            var groupName = (string?)group.Attribute("name") ?? "(unnamed group)";
            foreach (var test in group.Elements("test"))
            {
                cases.Add(ReadCase(groupName, test, cases.Count, ids));
            }
        }

        return new FhirPathTestSuite((string?)root.Attribute("name") ?? "FHIRPath tests", path, cases);
    }

    private static FhirPathTestCase ReadCase(string group, XElement test, int position, HashSet<string> ids)
    {
        var expression = test.Element("expression") ?? throw new FormatException($"Test {position + 1} in group '{group}' has no expression.");
        var name = (string?)test.Attribute("name") ?? $"#{position + 1}";
        var id = $"{group}/{name}";
        for (var n = 2; !ids.Add(id); n++)
        {
            id = $"{group}/{name}#{n}";
        }

        return new FhirPathTestCase
        {
            Id = id,
            Name = name,
            Group = group,
            Expression = expression.Value,
            InputFile = (string?)test.Attribute("inputfile"),
            Invalid = (string?)expression.Attribute("invalid"),
            Mode = (string?)expression.Attribute("mode") ?? (string?)test.Attribute("mode"),
            Predicate = (string?)test.Attribute("predicate") == "true",
            Ordered = (string?)test.Attribute("ordered") != "false",
            CheckOrderedFunctions = (string?)test.Attribute("checkOrderedFunctions") == "true",
            Version = (string?)test.Attribute("version"),
            Outputs = test.Elements("output").Select(o => new FhirPathTestOutput((string?)o.Attribute("type"), o.Value)).ToList(),
        };
    }
}
