using System.Buffers;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Server.Interactions;

/// <summary>Which resource types the REST API serves, and the FHIR rule for logical ids.</summary>
public sealed class ResourceTypes(FhirDefinitions definitions)
{
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");

    public bool IsKnown(string type) => definitions.IsResourceType(type) && definitions.FindType(type) is { IsAbstract: false };

    public IReadOnlyCollection<string> All => definitions.ResourceTypeNames;

    /// <summary>Throws 404 for a type the server does not know.</summary>
    public void Require(string type)
    {
        if (!IsKnown(type))
        {
            throw new FhirException(404, OperationOutcomeIssue.Error("not-supported", $"'{type}' is not a FHIR R4 resource type."));
        }
    }

    /// <summary>FHIR ids: 1-64 characters of A-Z, a-z, 0-9, '-' and '.'.</summary>
    public static void RequireValidId(string id, string location)
    {
        if (id.Length is 0 or > 64 || id.AsSpan().ContainsAnyExcept(IdCharacters))
        {
            throw new FhirException(400, OperationOutcomeIssue.Error("invalid", $"'{id}' is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .).", location));
        }
    }
}
