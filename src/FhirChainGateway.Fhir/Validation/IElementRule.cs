using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>One structural rule, applied by <see cref="StructuralValidator"/> to every node of the tree.</summary>
public interface IElementRule
{
    /// <param name="node">The node to check.</param>
    /// <param name="definition">
    /// The node's element definition as resolved in its parent (the type's root for the root resource); null when
    /// the node is not an element of its parent.
    /// </param>
    /// <param name="context">Definitions, child lookups and where to report.</param>
    void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context);
}
