namespace FhirChainGateway.Fhir.Definitions;

/// <summary>The HL7 FHIR definitions are not installed where we looked; the message says how to install them.</summary>
public sealed class DefinitionsNotFoundException : Exception
{
    public DefinitionsNotFoundException(string message)
        : base(message)
    {
    }

    public DefinitionsNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DefinitionsNotFoundException()
        : base("HL7 FHIR R4 definitions not found. Run `make deps`.")
    {
    }
}
