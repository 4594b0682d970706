namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>How strictly the compiler checks expressions against the definitions.</summary>
public sealed record FhirPathCompilerOptions
{
    public static FhirPathCompilerOptions Default { get; } = new();

    /// <summary>
    /// For the expressions of the R4 core definitions (invariants, SearchParameters), written for engines that let
    /// <c>as()</c> filter collections: <c>(ActivityDefinition.useContext.value as CodeableConcept)</c> must not fail
    /// on a resource with two use contexts.
    /// </summary>
    public static FhirPathCompilerOptions R4Core { get; } = new() { AllowAsOnCollections = true };

    /// <summary>
    /// Strict mode: a path that starts with a type name the input cannot have (<c>Encounter.name</c> on a Patient) is a
    /// compile error rather than an always-empty path. Off by default because SearchParameter expressions routinely
    /// name several resource types (<c>Patient.name | Practitioner.name</c>).
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Reports order-dependent functions (<c>first()</c>, <c>skip()</c>, indexers...) applied to collections whose order
    /// is undefined (<c>children()</c>, <c>descendants()</c>) as compile errors.
    /// </summary>
    public bool CheckOrderedFunctions { get; init; }

    /// <summary>
    /// Lets <c>as()</c> and the <c>as</c> operator apply to collections, keeping the items of the type (like
    /// <c>ofType()</c>) instead of failing. FHIRPath requires a single item, but R4 core invariants rely on the older
    /// behaviour (dom-3 applies <c>descendants().as(canonical)</c>), so validators of R4 content turn this on.
    /// </summary>
    public bool AllowAsOnCollections { get; init; }

    /// <summary>How many compiled expressions a compiler keeps; the cache is cleared when it would grow beyond.</summary>
    public int CacheCapacity { get; init; } = 10_000;
}
