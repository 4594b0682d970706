using System.Collections.Concurrent;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Snapshots;
using FhirChainGateway.Fhir.Terminology;
using FhirChainGateway.Fhir.Validation.Profiles;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Everything profile validation resolves by canonical URL: StructureDefinitions as <see cref="StructureProfile"/>s
/// (snapshots generated for differential-only ones), ValueSets, CodeSystems, Questionnaires and other canonical
/// resources. Looks in, first to last: the extra resources (IG packages, <c>--load</c>ed files), our own profiles
/// (<c>fhir-profiles/profiles</c>), the core types (from the registry's type model), the core constraint profiles
/// and extensions, the core terminology. Caches profiles, compiled validation plans, code systems and expansions;
/// thread-safe once built. <see cref="WithAdditional"/> layers per-call resources over a shared instance without
/// copying its caches.
/// </summary>
public sealed class ValidationResources
{
    private readonly ValidationResources? _parent;
    private readonly ConformanceResourceSet? _extra;
    private readonly CoreConformanceFiles _coreFiles;
    private readonly ConcurrentDictionary<string, Lazy<StructureProfile?>> _profiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StructureProfile?> _coreTypes;

    /// <param name="definitions">The core registry (types, terminology, our local profiles).</param>
    /// <param name="definitionsDirectory">The folder of the HL7 definition bundles (for core profiles and extensions); null to use none.</param>
    /// <param name="extra">IG packages and other conformance resources to use as well.</param>
    public ValidationResources(FhirDefinitions definitions, string? definitionsDirectory, ConformanceResourceSet? extra = null)
    {
        Definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        _extra = extra;
        _coreFiles = new CoreConformanceFiles(definitionsDirectory);
        _coreTypes = new ConcurrentDictionary<string, StructureProfile?>(StringComparer.Ordinal);
        Compiler = new FhirPathCompiler(definitions, FhirPathCompilerOptions.R4Core);
        Plans = new PlanCompiler(this);
        Terminology = new TerminologyService(FindValueSetJson, FindCodeSystemJson);
    }

    private ValidationResources(ValidationResources parent, ConformanceResourceSet extra)
    {
        _parent = parent;
        _extra = extra;
        Definitions = parent.Definitions;
        _coreFiles = parent._coreFiles;
        _coreTypes = parent._coreTypes;
        Compiler = parent.Compiler;
        Plans = parent.Plans;
        Terminology = new TerminologyService(FindValueSetJson, FindCodeSystemJson);
    }

    public FhirDefinitions Definitions { get; }

    public TerminologyService Terminology { get; }

    /// <summary>The FHIRPath compiler invariants and discriminators are compiled with (R4 core leniency on <c>as()</c>).</summary>
    public FhirPathCompiler Compiler { get; }

    /// <summary>The extra resources of this layer (null when none).</summary>
    public ConformanceResourceSet? Extra => _extra;

    internal PlanCompiler Plans { get; }

    /// <summary>Loads the registry's located definitions with optional extra resources.</summary>
    public static ValidationResources Create(DefinitionsOptions options, ConformanceResourceSet? extra = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ValidationResources(FhirDefinitions.Load(options), options.DefinitionsDirectory, extra);
    }

    /// <summary>A layer with more resources (e.g. a test case's supporting files) over this one; this one's caches stay shared.</summary>
    public ValidationResources WithAdditional(ConformanceResourceSet extra) => new(this, extra ?? throw new ArgumentNullException(nameof(extra)));

    /// <summary>The profile of a core type (<c>Patient</c>, <c>HumanName</c>, <c>string</c>), from the registry's type model.</summary>
    public StructureProfile? CoreType(string typeName) =>
        _coreTypes.GetOrAdd(typeName, name => Definitions.FindType(name) is { } type ? CoreProfiles.FromType(type) : null);

    /// <summary>Any StructureDefinition by canonical URL (optionally <c>|version</c>), with a snapshot.</summary>
    public StructureProfile? FindProfile(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        return FindProfile(canonical, []);
    }

    /// <summary>A StructureDefinition's JSON by canonical URL, from any layer (null for core types, which have no JSON here).</summary>
    public JsonElement? FindStructureDefinitionJson(string canonical)
    {
        if (_extra?.FindCanonical("StructureDefinition", canonical) is { } extra)
        {
            return extra.Json;
        }

        if (_parent is not null)
        {
            return _parent.FindStructureDefinitionJson(canonical);
        }

        if (Definitions.FindStructure(canonical) is { Origin: DefinitionOrigin.Local, SourceJson: { } source })
        {
            return JsonDocument.Parse(source).RootElement;
        }

        return _coreFiles.Find(canonical);
    }

    /// <summary>A canonical resource of any type (Questionnaire, Measure, Library...) from the extra resources.</summary>
    public JsonElement? FindCanonicalResource(string resourceType, string canonical) =>
        _extra?.FindCanonical(resourceType, canonical)?.Json ?? _parent?.FindCanonicalResource(resourceType, canonical);

    /// <summary>A resource by type and id from the extra resources (supporting instances that references point to).</summary>
    public JsonElement? FindResourceById(string resourceType, string id) =>
        _extra?.FindById(resourceType, id)?.Json ?? _parent?.FindResourceById(resourceType, id);

    public JsonElement? FindValueSetJson(string canonical)
    {
        if (FindCanonicalResource("ValueSet", canonical) is { } extra)
        {
            return extra;
        }

        return Definitions.FindValueSet(canonical)?.Json;
    }

    public JsonElement? FindCodeSystemJson(string canonical)
    {
        if (FindCanonicalResource("CodeSystem", canonical) is { } extra)
        {
            return extra;
        }

        return Definitions.FindCodeSystem(canonical)?.Json;
    }

    private StructureProfile? FindProfile(string canonical, HashSet<string> building)
    {
        if (_extra?.FindCanonical("StructureDefinition", canonical) is { } resource)
        {
            return Cached(canonical, resource.Json, building);
        }

        if (_parent is not null)
        {
            return _parent.FindProfile(canonical, building);
        }

        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        var url = bar > 0 ? canonical[..bar] : canonical;
        var known = Definitions.FindStructure(url);
        if (known is { Origin: DefinitionOrigin.Local, SourceJson: { } source })
        {
            return Cached(url, JsonDocument.Parse(source).RootElement, building);
        }

        if (known?.TypeDefinition is { } type && known.Derivation != StructureDerivation.Constraint)
        {
            return CoreType(type.Name);
        }

        return _coreFiles.Find(url) is { } core ? Cached(url, core, building, isCore: true) : null;
    }

    private StructureProfile? Cached(string key, JsonElement json, HashSet<string> building, bool isCore = false)
    {
        if (building.Contains(key))
        {
            return null;
        }

        var lazy = _profiles.GetOrAdd(key, _ => new Lazy<StructureProfile?>(
            () => Build(json, isCore, [.. building, key]),
            LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (InvalidOperationException)
        {
            // A definition whose snapshot needs itself (a cycle through base or type profiles).
            return null;
        }
    }

    private StructureProfile? Build(JsonElement json, bool isCore, HashSet<string> building)
    {
        var url = json.GetStringOrNull("url") ?? string.Empty;
        var contexts = new List<ExtensionContextInfo>();
        foreach (var context in json.GetArrayOrEmpty("context"))
        {
            if (context.ValueKind == JsonValueKind.String)
            {
                // STU3 form: contextType + context strings.
                contexts.Add(new ExtensionContextInfo(json.GetStringOrNull("contextType") ?? "element", context.GetString()!));
            }
            else
            {
                contexts.Add(new ExtensionContextInfo(context.GetStringOrNull("type") ?? "element", context.GetStringOrNull("expression") ?? string.Empty));
            }
        }

        var header = new StructureProfileHeader
        {
            Url = url,
            Version = json.GetStringOrNull("version"),
            Name = json.GetStringOrNull("name") ?? json.GetStringOrNull("id") ?? url,
            Type = json.GetStringOrNull("type") ?? json.GetStringOrNull("constrainedType") ?? string.Empty,
            Kind = StructureDefinitionReader.ParseKind(json.GetStringOrNull("kind")),
            // Older or hand-written definitions leave derivation out; with a base definition they are constraints.
            Derivation = json.GetStringOrNull("derivation") is { } derivation
                ? StructureDefinitionReader.ParseDerivation(derivation)
                : json.GetStringOrNull("baseDefinition") is not null ? StructureDerivation.Constraint : StructureDerivation.None,
            BaseDefinition = json.GetStringOrNull("baseDefinition"),
            IsAbstract = json.GetBooleanOr("abstract", false),
            Contexts = contexts,
            ContextInvariants = json.GetStrings("contextInvariant"),
            IsCore = isCore,
        };

        var snapshot = json.GetObjectOrDefault("snapshot").GetArrayOrEmpty("element").ToList();
        if (snapshot.Count > 0)
        {
            var elements = snapshot.Select(ElementDefReader.Read).ToList();
            return ProfileTreeBuilder.Build(header, ProfileTreeBuilder.AssignKeys(elements), []);
        }

        if (header.BaseDefinition is not { } baseUrl || FindProfile(baseUrl, building) is not { } baseProfile)
        {
            return null;
        }

        var generator = new SnapshotGenerator(u => FindProfile(u, building));
        var result = generator.Generate(json, baseProfile);
        return ProfileTreeBuilder.Build(header with { SnapshotGenerated = true }, result.Elements, result.Problems);
    }
}
