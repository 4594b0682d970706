using System.Diagnostics;
using System.Text.Json;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// Builds a <see cref="FhirDefinitions"/>: the core type model from the compact cache when it matches the source
/// files, otherwise from <c>profiles-types.json</c>, <c>profiles-resources.json</c> and <c>extension-definitions.json</c>
/// (then written to the cache); local conformance resources from the profiles folder every time; terminology and
/// search parameters lazily on first use.
/// </summary>
public static class FhirDefinitionsLoader
{
    public const string TypesFile = "profiles-types.json";
    public const string ResourcesFile = "profiles-resources.json";
    public const string ExtensionsFile = "extension-definitions.json";
    public const string SearchParametersFile = "search-parameters.json";

    /// <summary>ValueSet/CodeSystem bundles, in precedence order.</summary>
    public static IReadOnlyList<string> TerminologyFiles { get; } = ["valuesets.json", "v3-codesystems.json", "v2-tables.json"];

    public static FhirDefinitions Load(DefinitionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var directory = options.DefinitionsDirectory;
        foreach (var required in new[] { TypesFile, ResourcesFile })
        {
            if (!File.Exists(Path.Combine(directory, required)))
            {
                throw new DefinitionsNotFoundException(
                    $"'{Path.Combine(directory, required)}' is missing. Run `make deps` to install the HL7 FHIR R4 definitions, " +
                    $"or point {DefinitionsLocator.EnvironmentVariable} at the folder holding them.");
            }
        }

        string[] sources = [Path.Combine(directory, TypesFile), Path.Combine(directory, ResourcesFile), Path.Combine(directory, ExtensionsFile)];
        string? cacheFile = null;
        string? cacheProblem = null;
        CoreModel? core = null;
        string? fingerprint = null;
        if (options.CacheDirectory is not null)
        {
            fingerprint = DefinitionsCache.Fingerprint(sources);
            cacheFile = Path.Combine(options.CacheDirectory, DefinitionsCache.FileName(fingerprint));
            try
            {
                core = DefinitionsCache.TryRead(cacheFile, fingerprint);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or IndexOutOfRangeException or FormatException)
            {
                cacheProblem = $"cache unreadable ({e.GetType().Name}: {e.Message}); rebuilt from the definitions";
            }
        }

        var fromCache = core is not null;
        if (core is null)
        {
            core = ReadCoreModel(sources);
            if (cacheFile is not null)
            {
                try
                {
                    DefinitionsCache.Write(cacheFile, fingerprint!, core);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    cacheProblem = $"cache not written ({e.GetType().Name}: {e.Message})";
                }
            }
        }

        var local = LocalConformanceResources.Read(options.ProfilesDirectory);
        var structures = core.Structures.Concat(local.Structures).ToList();
        var terminologyFiles = TerminologyFiles.Select(f => Path.Combine(directory, f)).ToArray();
        var searchParameters = Path.Combine(directory, SearchParametersFile);
        stopwatch.Stop();
        return new FhirDefinitions(
            core.Types,
            structures,
            () => TerminologyIndex.Load(terminologyFiles, local.Terminology),
            definitions => SearchParameterIndex.Load(searchParameters, local.SearchParameters, definitions),
            new DefinitionsLoadInfo(fromCache, stopwatch.Elapsed, cacheFile, cacheProblem));
    }

    private static CoreModel ReadCoreModel(string[] sources)
    {
        var reader = new StructureDefinitionReader();
        var types = new List<TypeDefinition>();
        var structures = new List<StructureDefinitionInfo>();
        for (var i = 0; i < sources.Length; i++)
        {
            if (!File.Exists(sources[i]))
            {
                continue;
            }

            var isExtensions = i == 2;
            using var document = JsonDocument.Parse(File.ReadAllBytes(sources[i]));
            foreach (var resource in document.RootElement.ResourcesOfBundleOrSelf())
            {
                if (resource.GetStringOrNull("resourceType") != "StructureDefinition")
                {
                    continue;
                }

                var type = isExtensions ? null : reader.ReadType(resource);
                if (type is not null)
                {
                    types.Add(type);
                }

                structures.Add(StructureDefinitionReader.ReadSummary(
                    resource, isExtensions ? DefinitionOrigin.CoreExtension : DefinitionOrigin.Core, type, sourceJson: null));
            }
        }

        return new CoreModel(types, structures);
    }
}
