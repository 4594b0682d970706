namespace FhirChainGateway.Fhir.Definitions;

/// <summary>StructureDefinition.kind: what sort of type a StructureDefinition defines or constrains.</summary>
public enum TypeKind
{
    PrimitiveType,
    ComplexType,
    Resource,
    Logical,
}
