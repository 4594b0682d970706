namespace FhirChainGateway.Fhir.Xml;

/// <summary>The XML namespaces FHIR XML uses.</summary>
public static class FhirXmlNamespaces
{
    /// <summary>Every FHIR element (resources, datatypes, backbone elements) lives in this namespace.</summary>
    public const string Fhir = "http://hl7.org/fhir";

    /// <summary>The narrative <c>div</c> and everything inside it.</summary>
    public const string Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>XML Schema instance: HL7 examples carry <c>xsi:schemaLocation</c> on the root, which means nothing to the content.</summary>
    public const string XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>The namespace of namespace declarations (<c>xmlns</c>, <c>xmlns:p</c>) as XmlReader reports them.</summary>
    public const string XmlnsDeclarations = "http://www.w3.org/2000/xmlns/";
}
