using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Packages;

/// <summary>
/// Reads a FHIR NPM package (<c>.tgz</c>, as published to packages.fhir.org): <c>package/package.json</c> for the
/// manifest, every JSON resource directly in <c>package/</c>, and the examples in <c>package/example/</c>. Other
/// folders (openapi, schematron, xml renderings) are skipped.
/// </summary>
public static class FhirPackageReader
{
    /// <summary>Largest single file read from a package: IG resources are far smaller; this bounds a hostile archive.</summary>
    public const long MaxEntryBytes = 64L * 1024 * 1024;

    internal static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads the package; the callbacks receive each resource's JSON (kept alive by the caller) and the file name.</summary>
    public static FhirPackageInfo Read(Stream tgz, string source, Action<JsonElement, string> onResource, Action<JsonElement, string> onExample, Action<string> onProblem)
    {
        ArgumentNullException.ThrowIfNull(tgz);
        using var gzip = new GZipStream(tgz, CompressionMode.Decompress, leaveOpen: true);
        using var tar = new TarReader(gzip, leaveOpen: true);
        string? name = null, version = null, canonical = null;
        var fhirVersions = new List<string>();
        var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
        var resources = 0;
        var examples = 0;
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            var path = entry.Name.Replace('\\', '/');
            var isExample = path.StartsWith("package/example/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2;
            var isTopLevel = path.StartsWith("package/", StringComparison.Ordinal) && path.Count(c => c == '/') == 1;
            if (!(isExample || isTopLevel) || !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(path).StartsWith('.'))
            {
                continue;
            }

            if (entry.Length > MaxEntryBytes)
            {
                onProblem($"{source}: {path} is larger than {MaxEntryBytes} bytes; skipped.");
                continue;
            }

            var bytes = new byte[entry.Length];
            entry.DataStream.ReadExactly(bytes);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, DocumentOptions);
            }
            catch (JsonException e)
            {
                onProblem($"{source}: {path} is not valid JSON ({e.Message}); skipped.");
                continue;
            }

            var root = document.RootElement;
            if (path == "package/package.json")
            {
                name = root.GetStringOrNull("name");
                version = root.GetStringOrNull("version");
                canonical = root.GetStringOrNull("canonical");
                fhirVersions.AddRange(root.GetStrings("fhirVersions"));
                if (root.TryGetProperty("dependencies", out var deps) && deps.ValueKind == JsonValueKind.Object)
                {
                    foreach (var dependency in deps.EnumerateObject())
                    {
                        dependencies[dependency.Name] = dependency.Value.ValueKind == JsonValueKind.String ? dependency.Value.GetString()! : string.Empty;
                    }
                }

                continue;
            }

            if (root.ValueKind != JsonValueKind.Object || root.GetStringOrNull("resourceType") is null)
            {
                continue;
            }

            if (isExample)
            {
                onExample(root, path);
                examples++;
            }
            else
            {
                onResource(root, path);
                resources++;
            }
        }

        return new FhirPackageInfo(name ?? Path.GetFileNameWithoutExtension(source), version, canonical, fhirVersions, dependencies, resources, examples, source);
    }
}

/// <summary>The manifest of a loaded package and what was read from it.</summary>
public sealed record FhirPackageInfo(
    string Name,
    string? Version,
    string? Canonical,
    IReadOnlyList<string> FhirVersions,
    IReadOnlyDictionary<string, string> Dependencies,
    int ResourceCount,
    int ExampleCount,
    string Source)
{
    public override string ToString() => Version is null ? Name : $"{Name}#{Version}";
}
