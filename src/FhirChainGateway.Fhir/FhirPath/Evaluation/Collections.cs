using System.Collections.ObjectModel;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Shared immutable collections for the common results, so predicates allocate nothing.</summary>
internal static class Collections
{
    public static readonly IReadOnlyList<FhirPathValue> Empty = ReadOnlyCollection<FhirPathValue>.Empty;
    public static readonly IReadOnlyList<FhirPathValue> True = Array.AsReadOnly([FhirPathValue.FromBoolean(true)]);
    public static readonly IReadOnlyList<FhirPathValue> False = Array.AsReadOnly([FhirPathValue.FromBoolean(false)]);

    public static IReadOnlyList<FhirPathValue> Boolean(bool value) => value ? True : False;

    public static IReadOnlyList<FhirPathValue> Boolean(bool? value) => value is { } b ? (b ? True : False) : Empty;

    public static IReadOnlyList<FhirPathValue> Single(FhirPathValue value) => [value];

    public static IReadOnlyList<FhirPathValue> Optional(FhirPathValue? value) => value is { } v ? [v] : Empty;
}
