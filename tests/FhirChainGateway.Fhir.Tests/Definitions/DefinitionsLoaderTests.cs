using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Definitions;

[Collection(DefinitionsCollection.Name)]
public sealed class DefinitionsLoaderTests(DefinitionsFixture fixture)
{
    private readonly string _definitionsDirectory = fixture.Options.DefinitionsDirectory;

    [Fact]
    public void A_cold_load_writes_the_cache_and_a_warm_load_reads_it()
    {
        using var cache = new TempDirectory();

        var cold = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path });
        var warm = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path });

        cold.LoadInfo.FromCache.ShouldBeFalse();
        cold.LoadInfo.CacheProblem.ShouldBeNull();
        File.Exists(cold.LoadInfo.CacheFile).ShouldBeTrue();
        warm.LoadInfo.FromCache.ShouldBeTrue();
        warm.LoadInfo.CacheFile.ShouldBe(cold.LoadInfo.CacheFile);
    }

    [Fact]
    public void The_cached_model_is_identical_to_the_model_read_from_the_definitions()
    {
        using var cache = new TempDirectory();
        var fromSource = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = null });
        FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path });
        var fromCache = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path });
        fromCache.LoadInfo.FromCache.ShouldBeTrue();

        fromCache.Types.Select(t => t.Name).Order().ShouldBe(fromSource.Types.Select(t => t.Name).Order());
        foreach (var expected in fromSource.Types)
        {
            var actual = fromCache.FindType(expected.Name)!;
            Describe(actual).ShouldBe(Describe(expected), expected.Name);
            Flatten(actual.Root).ShouldBe(Flatten(expected.Root), expected.Name);
        }

        fromCache.Structures.Select(Describe).Order().ShouldBe(fromSource.Structures.Select(Describe).Order());
    }

    [Fact]
    public void A_corrupt_cache_file_is_rebuilt()
    {
        using var cache = new TempDirectory();
        var first = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path });
        var bytes = File.ReadAllBytes(first.LoadInfo.CacheFile!);
        File.WriteAllBytes(first.LoadInfo.CacheFile!, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var second = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path });

        second.LoadInfo.FromCache.ShouldBeFalse();
        second.LoadInfo.CacheProblem.ShouldNotBeNull();
        second.FindElement("Patient.birthDate").ShouldNotBeNull();
        FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, CacheDirectory = cache.Path }).LoadInfo.FromCache.ShouldBeTrue();
    }

    [Fact]
    public void The_cache_fingerprint_changes_when_a_source_file_changes()
    {
        using var sources = new TempDirectory();
        var file = sources.File("profiles-types.json");
        File.WriteAllText(file, "{}");
        File.SetLastWriteTimeUtc(file, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = DefinitionsCache.Fingerprint([file]);

        File.SetLastWriteTimeUtc(file, new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var touched = DefinitionsCache.Fingerprint([file]);
        File.WriteAllText(file, "{ }");
        File.SetLastWriteTimeUtc(file, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var resized = DefinitionsCache.Fingerprint([file]);

        touched.ShouldNotBe(before);
        resized.ShouldNotBe(before);
        DefinitionsCache.Fingerprint([file]).ShouldBe(resized);
    }

    [Fact]
    public void Missing_definitions_tell_the_user_to_run_make_deps()
    {
        using var empty = new TempDirectory();

        var exception = Should.Throw<DefinitionsNotFoundException>(() => FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = empty.Path }));

        exception.Message.ShouldContain("make deps");
        exception.Message.ShouldContain("profiles-types.json");
    }

    [Fact]
    public void The_locator_finds_the_definitions_above_a_start_directory()
    {
        var start = Path.Combine(TestData.RepositoryRoot, "src", "FhirChainGateway.Fhir");

        var options = DefinitionsLocator.Locate([start], _ => null);

        options.DefinitionsDirectory.ShouldBe(Path.Combine(TestData.RepositoryRoot, "fhir-profiles", DefinitionsLocator.PackageRelativePath));
        options.ProfilesDirectory.ShouldBe(Path.Combine(TestData.RepositoryRoot, "fhir-profiles", "profiles"));
        options.CacheDirectory.ShouldBe(Path.Combine(TestData.RepositoryRoot, "fhir-profiles", ".cache"));
    }

    [Fact]
    public void The_environment_variable_overrides_the_definitions_directory()
    {
        var options = DefinitionsLocator.Locate([TestData.RepositoryRoot], name => name == DefinitionsLocator.EnvironmentVariable ? _definitionsDirectory : null);

        options.DefinitionsDirectory.ShouldBe(Path.GetFullPath(_definitionsDirectory));
    }

    [Fact]
    public void An_environment_variable_pointing_nowhere_is_reported()
    {
        using var empty = new TempDirectory();

        var exception = Should.Throw<DefinitionsNotFoundException>(
            () => DefinitionsLocator.Locate([TestData.RepositoryRoot], name => name == DefinitionsLocator.EnvironmentVariable ? empty.Path : null));

        exception.Message.ShouldContain(DefinitionsLocator.EnvironmentVariable);
        exception.Message.ShouldContain(empty.Path);
    }

    [Fact]
    public void No_fhir_profiles_folder_above_the_start_is_reported_with_the_fix()
    {
        using var elsewhere = new TempDirectory();

        var exception = Should.Throw<DefinitionsNotFoundException>(() => DefinitionsLocator.Locate([elsewhere.Path], _ => null));

        exception.Message.ShouldContain("make deps");
        exception.Message.ShouldContain(DefinitionsLocator.EnvironmentVariable);
    }

    [Fact]
    public void A_fhir_profiles_folder_without_installed_packages_asks_for_make_deps()
    {
        using var repository = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(repository.Path, "fhir-profiles"));
        File.WriteAllText(Path.Combine(repository.Path, "fhir-profiles", "package.json"), "{}");

        var exception = Should.Throw<DefinitionsNotFoundException>(() => DefinitionsLocator.Locate([repository.Path], _ => null));

        exception.Message.ShouldContain("make deps");
    }

    [Fact]
    public void Local_conformance_resources_are_loaded_including_differential_only_profiles()
    {
        using var profiles = new TempDirectory();
        File.WriteAllText(profiles.File("patient-profile.json"), """
            {
              "resourceType": "StructureDefinition",
              "url": "http://example.org/fhir/StructureDefinition/our-patient",
              "name": "OurPatient",
              "status": "draft",
              "kind": "resource",
              "abstract": false,
              "type": "Patient",
              "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
              "derivation": "constraint",
              "differential": { "element": [ { "id": "Patient.birthDate", "path": "Patient.birthDate", "min": 1 } ] }
            }
            """);
        File.WriteAllText(profiles.File("bundle.json"), """
            {
              "resourceType": "Bundle",
              "type": "collection",
              "entry": [
                { "resource": { "resourceType": "SearchParameter", "url": "http://example.org/fhir/SearchParameter/patient-nickname",
                                "name": "nickname", "status": "active", "description": "x", "code": "nickname", "base": ["Patient"],
                                "type": "string", "expression": "Patient.name.where(use = 'nickname').given" } },
                { "resource": { "resourceType": "ValueSet", "url": "http://example.org/fhir/ValueSet/colours", "status": "active" } }
              ]
            }
            """);

        var definitions = FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, ProfilesDirectory = profiles.Path });

        var profile = definitions.FindStructure("http://example.org/fhir/StructureDefinition/our-patient");
        profile.ShouldNotBeNull();
        profile.Origin.ShouldBe(DefinitionOrigin.Local);
        profile.HasSnapshot.ShouldBeFalse();
        profile.Derivation.ShouldBe(StructureDerivation.Constraint);
        profile.SourceJson.ShouldNotBeNull();
        profile.SourceJson.ShouldContain("\"differential\"");
        definitions.FindSearchParameter("Patient", "nickname")!.Origin.ShouldBe(DefinitionOrigin.Local);
        definitions.SearchParametersFor("Patient").Select(p => p.Code).ShouldContain("birthdate");
        definitions.FindValueSet("http://example.org/fhir/ValueSet/colours")!.Origin.ShouldBe(DefinitionOrigin.Local);
    }

    [Fact]
    public void A_local_file_that_is_not_json_names_the_file()
    {
        using var profiles = new TempDirectory();
        File.WriteAllText(profiles.File("broken.json"), "{ not json");

        var exception = Should.Throw<InvalidDataException>(
            () => FhirDefinitions.Load(new DefinitionsOptions { DefinitionsDirectory = _definitionsDirectory, ProfilesDirectory = profiles.Path }));

        exception.Message.ShouldContain("broken.json");
    }

    private static string Describe(TypeDefinition type) =>
        $"{type.Name}|{type.Url}|{type.Kind}|{type.IsAbstract}|{type.BaseType}|{type.ValuePattern}|{type.SystemType}|{type.JsonType}|{type.MaxLength}";

    private static string Describe(StructureDefinitionInfo structure) =>
        $"{structure.Url}|{structure.Version}|{structure.Name}|{structure.Type}|{structure.Kind}|{structure.IsAbstract}|{structure.Derivation}|" +
        $"{structure.BaseDefinition}|{structure.HasSnapshot}|{structure.Origin}|{structure.TypeDefinition?.Name}|" +
        $"{string.Join(";", structure.Contexts)}|{string.Join(",", structure.ExtensionValueTypes)}";

    private static List<string> Flatten(ElementDefinitionInfo root)
    {
        var lines = new List<string>();
        Visit(root);
        return lines;

        void Visit(ElementDefinitionInfo e)
        {
            lines.Add(string.Join("|",
                e.Path, e.Name, e.IsChoice, e.Min, e.Max, e.IsCollection, string.Join(",", e.Types), e.ContentReference, e.Order, e.IsModifier,
                e.IsSummary, string.Join(",", e.TargetProfiles), string.Join(",", e.TypeProfiles), e.Binding, string.Join(";", e.Constraints),
                e.IsXmlAttribute, e.AllowsExtensions, e.MaxLength, e.Children.Count, e.ContentReferenceTarget?.Path));
            foreach (var child in e.Children)
            {
                Visit(child);
            }
        }
    }
}
