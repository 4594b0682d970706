namespace FhirChainGateway.Fhir.Definitions;

/// <summary>How a FHIR primitive's value is written in JSON.</summary>
public enum PrimitiveJsonType
{
    String,
    Number,
    Boolean,
}
