namespace FhirChainGateway.Fhir.Definitions;

/// <summary>One part of a composite search parameter: the canonical URL of the component parameter and its expression relative to the composite's value.</summary>
public sealed record SearchParameterComponentInfo(string Definition, string Expression);
