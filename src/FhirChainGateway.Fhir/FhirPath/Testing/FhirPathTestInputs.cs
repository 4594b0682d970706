using System.Collections.Concurrent;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;

namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>
/// Loads and caches the input resources of a test suite. The official R4 suite keeps them in the folder above the
/// suite file, so both folders are searched. Inputs are parsed once and shared read-only by the tests.
/// </summary>
public sealed class FhirPathTestInputs : IFhirPathTestInputSource
{
    private readonly IReadOnlyList<string> _directories;
    private readonly FhirDefinitions _definitions;
    private readonly ConcurrentDictionary<string, Lazy<ElementNode>> _cache = new(StringComparer.Ordinal);

    public FhirPathTestInputs(FhirDefinitions definitions, params string[] directories)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        _directories = directories;
    }

    /// <summary>The inputs of a suite file: its own folder, then the folder above.</summary>
    public static FhirPathTestInputs ForSuite(FhirDefinitions definitions, string suitePath)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(suitePath)) ?? ".";
        var parent = System.IO.Path.GetDirectoryName(folder);
        return parent is null ? new FhirPathTestInputs(definitions, folder) : new FhirPathTestInputs(definitions, folder, parent);
    }

    /// <summary>The parsed input; a <see cref="FhirPathTestInputUnavailableException"/> when it cannot be provided.</summary>
    public ElementNode Load(string fileName) =>
        _cache.GetOrAdd(fileName, name => new Lazy<ElementNode>(() => Read(name), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private ElementNode Read(string fileName)
    {
        var path = _directories.Select(d => System.IO.Path.Combine(d, fileName)).FirstOrDefault(File.Exists)
            ?? throw new FhirPathTestInputUnavailableException($"input file '{fileName}' not found in {string.Join(" or ", _directories)}");
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => new FhirJsonParser(_definitions).Parse(File.ReadAllText(path)),
            ".xml" => ParseXml(path),
            _ => throw new FhirPathTestInputUnavailableException($"input file '{fileName}' has an unknown format"),
        };
    }

    /// <summary>The single place FHIR XML inputs are parsed.</summary>
    private ElementNode ParseXml(string path) => new FhirXmlParser(_definitions).Parse(File.ReadAllText(path));
}
