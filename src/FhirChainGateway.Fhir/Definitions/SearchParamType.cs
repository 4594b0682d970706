namespace FhirChainGateway.Fhir.Definitions;

/// <summary>SearchParameter.type (http://hl7.org/fhir/search-param-type).</summary>
public enum SearchParamType
{
    Number,
    Date,
    String,
    Token,
    Reference,
    Composite,
    Quantity,
    Uri,
    Special,
}
