using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;

namespace FhirChainGateway.Fhir.Packages;

/// <summary>
/// Conformance resources beyond the core definitions: IG packages (<c>.tgz</c>), folders and single files of
/// StructureDefinitions, ValueSets, CodeSystems, Questionnaires and the like, in JSON or FHIR XML (Bundles are
/// unpacked). Canonical resources are found by URL (<c>url|version</c> too; without a version the one loaded last
/// wins); other resources by type and id.
/// </summary>
/// <remarks>Loading is not thread-safe; once loaded the set is only read and can be shared.</remarks>
public sealed class ConformanceResourceSet
{
    private readonly FhirDefinitions? _definitions;
    private readonly List<ConformanceResource> _all = [];
    private readonly List<ConformanceResource> _examples = [];
    private readonly Dictionary<string, ConformanceResource> _byCanonical = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConformanceResource> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly List<FhirPackageInfo> _packages = [];

    /// <param name="definitions">Needed to read FHIR XML files; without them XML files are reported as problems.</param>
    public ConformanceResourceSet(FhirDefinitions? definitions = null)
    {
        _definitions = definitions;
    }

    /// <summary>Every resource added (package examples excluded), in load order.</summary>
    public IReadOnlyList<ConformanceResource> All => _all;

    /// <summary>The examples of loaded packages (<c>package/example/</c>): instances, not conformance resources.</summary>
    public IReadOnlyList<ConformanceResource> Examples => _examples;

    public IReadOnlyList<FhirPackageInfo> Packages => _packages;

    /// <summary>Files or entries that could not be read, with why.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public int Count => _all.Count;

    /// <summary>Adds one resource (a Bundle adds its entries' resources). Returns how many were added.</summary>
    public int Add(JsonElement resource, string source)
    {
        if (resource.ValueKind != JsonValueKind.Object || resource.GetStringOrNull("resourceType") is not { } type)
        {
            _problems.Add($"{source}: not a FHIR resource (no resourceType).");
            return 0;
        }

        if (type == "Bundle")
        {
            var count = 0;
            foreach (var entry in resource.GetArrayOrEmpty("entry"))
            {
                var inner = entry.GetObjectOrDefault("resource");
                if (inner.ValueKind == JsonValueKind.Object)
                {
                    count += Add(inner, source);
                }
            }

            return count;
        }

        var item = Describe(resource, type, source);
        _all.Add(item);
        if (item.Url is { } url)
        {
            _byCanonical[Key(type, url)] = item;
            if (item.Version is { } version)
            {
                _byCanonical[Key(type, url + "|" + version)] = item;
            }
        }

        if (item.Id is { } id)
        {
            _byId[Key(type, id)] = item;
        }

        return 1;
    }

    /// <summary>Adds the resource(s) of a JSON document.</summary>
    public int AddJson(ReadOnlySpan<byte> utf8Json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), FhirPackageReader.DocumentOptions);
        }
        catch (JsonException e)
        {
            _problems.Add($"{source}: not valid JSON ({e.Message}).");
            return 0;
        }

        // The document stays alive with the set: the JsonElements handed out point into it.
        return Add(document.RootElement, source);
    }

    /// <summary>Adds the resource(s) of a FHIR XML document (read with the XML parser, kept as the equivalent JSON).</summary>
    public int AddXml(ReadOnlySpan<byte> utf8Xml, string source)
    {
        if (_definitions is null)
        {
            _problems.Add($"{source}: XML needs the FHIR definitions; not loaded.");
            return 0;
        }

        try
        {
            var node = new FhirXmlParser(_definitions).Parse(utf8Xml);
            var json = new FhirJsonSerializer(_definitions).SerializeToUtf8Bytes(node);
            return AddJson(json, source);
        }
        catch (FhirException e)
        {
            _problems.Add($"{source}: not readable FHIR XML ({e.Message}).");
            return 0;
        }
    }

    /// <summary>Loads a <c>.json</c>, <c>.xml</c> or package (<c>.tgz</c>) file; returns how many resources were added.</summary>
    public int LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase))
        {
            return LoadPackage(path).ResourceCount;
        }

        var bytes = File.ReadAllBytes(path);
        return path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? AddXml(bytes, path) : AddJson(bytes, path);
    }

    /// <summary>Loads every <c>.json</c>, <c>.xml</c> and <c>.tgz</c> file of a folder (not its subfolders), in name order.</summary>
    public int LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var lower = file.ToLowerInvariant();
            if (lower.EndsWith(".json", StringComparison.Ordinal) || lower.EndsWith(".xml", StringComparison.Ordinal) || lower.EndsWith(".tgz", StringComparison.Ordinal))
            {
                count += LoadFile(file);
            }
        }

        return count;
    }

    /// <summary>Loads a file, folder or package path: what <c>--load</c> accepts.</summary>
    public int Load(string path) => Directory.Exists(path) ? LoadDirectory(path) : LoadFile(path);

    public FhirPackageInfo LoadPackage(string tgzPath)
    {
        using var stream = File.OpenRead(tgzPath);
        return LoadPackage(stream, tgzPath);
    }

    public FhirPackageInfo LoadPackage(Stream tgz, string source)
    {
        var info = FhirPackageReader.Read(
            tgz,
            source,
            (resource, file) => Add(resource, source + ":" + file),
            (example, file) => _examples.Add(Describe(example, example.GetStringOrNull("resourceType")!, source + ":" + file)),
            _problems.Add);
        _packages.Add(info);
        return info;
    }

    /// <summary>A canonical resource of a type by URL, optionally <c>url|version</c> (falling back to the URL alone).</summary>
    public ConformanceResource? FindCanonical(string resourceType, string canonical)
    {
        if (_byCanonical.TryGetValue(Key(resourceType, canonical), out var found))
        {
            return found;
        }

        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && _byCanonical.TryGetValue(Key(resourceType, canonical[..bar]), out found) ? found : null;
    }

    /// <summary>A resource by type and id (e.g. a supporting Patient a reference points to).</summary>
    public ConformanceResource? FindById(string resourceType, string id) => _byId.GetValueOrDefault(Key(resourceType, id));

    public IEnumerable<ConformanceResource> OfType(string resourceType) => _all.Where(r => r.ResourceType == resourceType);

    private static string Key(string type, string value) => type + " " + value;

    private static ConformanceResource Describe(JsonElement resource, string type, string source) => new()
    {
        ResourceType = type,
        Url = resource.GetStringOrNull("url"),
        Version = resource.GetStringOrNull("version"),
        Id = resource.GetStringOrNull("id"),
        Name = resource.GetStringOrNull("name"),
        Json = resource,
        Source = source,
    };
}
