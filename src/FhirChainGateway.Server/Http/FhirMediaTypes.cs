namespace FhirChainGateway.Server.Http;

public static class FhirMediaTypes
{
    public const string Json = "application/fhir+json";
    public const string JsonWithCharset = "application/fhir+json; charset=utf-8";
}
