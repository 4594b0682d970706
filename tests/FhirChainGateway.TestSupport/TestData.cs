namespace FhirChainGateway.TestSupport;

/// <summary>
/// Locates the third-party test data (FHIRCHAIN_TESTDATA, default ../shared/testdata from the
/// repository root). Tests that need it skip with a clear reason when it is absent.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string?> CachedRoot = new(FindRoot);

    public static string? Root => CachedRoot.Value;

    public static bool IsAvailable => Root is not null;

    public const string MissingReason =
        "Third-party test data not found: set FHIRCHAIN_TESTDATA or place it at ../shared/testdata beside the repository.";

    /// <summary>Full path of a file or folder inside the test data, or null when the data is absent.</summary>
    public static string? PathOf(params string[] parts) =>
        Root is null ? null : Path.Combine([Root, .. parts]);

    /// <summary>The repository root (the folder holding FhirChainGateway.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("FHIRCHAIN_TESTDATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "testdata"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        var baked = typeof(TestData).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (baked is not null && File.Exists(Path.Combine(baked, "FhirChainGateway.sln")))
        {
            return baked;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FhirChainGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FhirChainGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
