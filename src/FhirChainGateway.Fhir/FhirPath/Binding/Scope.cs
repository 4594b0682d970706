namespace FhirChainGateway.Fhir.FhirPath.Binding;

/// <summary>
/// The static environment of a sub-expression: the type of <c>$this</c> (what names at the start of a path navigate
/// from) and whether it sits inside a function's expression argument, where <c>$index</c> (and for
/// <c>aggregate</c>, <c>$total</c>) exist.
/// </summary>
internal sealed record Scope(StaticType This, bool InLambda, bool HasTotal);
