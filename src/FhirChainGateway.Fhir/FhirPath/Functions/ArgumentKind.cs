namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>How a function argument is bound and evaluated.</summary>
internal enum ArgumentKind
{
    /// <summary>Evaluated once, in the caller's frame (its <c>$this</c>), before the function runs.</summary>
    Value,

    /// <summary>Evaluated by the function per input item, with <c>$this</c> (and <c>$index</c>) set to the item.</summary>
    Expression,

    /// <summary>A type name (<c>ofType(Quantity)</c>), resolved at compile time.</summary>
    Type,
}
