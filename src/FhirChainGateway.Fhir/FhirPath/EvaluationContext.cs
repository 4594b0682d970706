using System.Collections.Frozen;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// The environment of one evaluation: the clock, the resources behind <c>%resource</c> and <c>%rootResource</c>,
/// caller-defined <c>%variables</c> and the hooks for <c>resolve()</c>, <c>memberOf()</c> and profile functions.
/// Immutable and safe to share between evaluations and threads.
/// </summary>
public sealed class EvaluationContext
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<FhirPathValue>> NoVariables =
        FrozenDictionary<string, IReadOnlyList<FhirPathValue>>.Empty;

    /// <summary>A context with the system clock and no hooks.</summary>
    public EvaluationContext()
    {
    }

    public EvaluationContext(TimeProvider timeProvider) => TimeProvider = timeProvider;

    /// <summary>The clock behind <c>now()</c>, <c>today()</c> and <c>timeOfDay()</c>, read once per evaluation.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// <c>%resource</c>: the resource containing the input. Defaults to the nearest resource at or above the input
    /// node, which is right for resources, contained resources and Bundle entries alike.
    /// </summary>
    public ElementNode? Resource { get; init; }

    /// <summary><c>%rootResource</c>: the container of a contained <c>%resource</c>. Defaults to that container, else <c>%resource</c>.</summary>
    public ElementNode? RootResource { get; init; }

    /// <summary>Extra <c>%name</c> variables (without the <c>%</c>). They shadow nothing built in: %resource, %ucum... win.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FhirPathValue>> Variables { get; init; } = NoVariables;

    /// <summary>Resolves references that are neither contained nor in the enclosing Bundle.</summary>
    public IFhirPathResolver? Resolver { get; init; }

    /// <summary>
    /// When a reference of the form <c>Type/id</c> resolves nowhere, <c>resolve()</c> returns an empty resource of that
    /// type (with its id) instead of nothing. Search indexing needs this: many R4 search parameters select references
    /// by target type with <c>where(resolve() is Patient)</c>, and the targets are rarely at hand.
    /// </summary>
    public bool ResolveReferencesToStubs { get; init; }

    /// <summary>ValueSet membership for <c>memberOf()</c>.</summary>
    public IValueSetMembership? ValueSets { get; init; }

    /// <summary>Code system hierarchies for <c>subsumes()</c> and <c>subsumedBy()</c>.</summary>
    public ICodeSubsumption? Subsumption { get; init; }

    /// <summary>Profile-aware functions: <c>conformsTo()</c> for non-core profiles, <c>slice()</c>, <c>elementDefinition()</c>.</summary>
    public IFhirPathProfileHooks? Profiles { get; init; }

    /// <summary>Receives <c>trace(name)</c> output; nothing is written anywhere when unset.</summary>
    public Action<string, IReadOnlyList<FhirPathValue>>? Trace { get; init; }

    /// <summary>Returns a copy with one more variable.</summary>
    public EvaluationContext WithVariable(string name, IReadOnlyList<FhirPathValue> value)
    {
        var variables = new Dictionary<string, IReadOnlyList<FhirPathValue>>(Variables, StringComparer.Ordinal) { [name] = value };
        return new EvaluationContext
        {
            TimeProvider = TimeProvider,
            Resource = Resource,
            RootResource = RootResource,
            Variables = variables,
            Resolver = Resolver,
            ResolveReferencesToStubs = ResolveReferencesToStubs,
            ValueSets = ValueSets,
            Subsumption = Subsumption,
            Profiles = Profiles,
            Trace = Trace,
        };
    }
}
