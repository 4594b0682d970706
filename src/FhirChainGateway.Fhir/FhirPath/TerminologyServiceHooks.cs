using FhirChainGateway.Fhir.Terminology;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// <c>memberOf()</c>, <c>subsumes()</c> and <c>subsumedBy()</c> answered from the ValueSets and CodeSystems the
/// terminology service has loaded. Unknown ValueSets, codes the loaded definitions cannot enumerate (SNOMED CT,
/// filters) and unknown codes give "unknown", which FHIRPath reports as an empty result.
/// </summary>
/// <example><c>new EvaluationContext { ValueSets = hooks, Subsumption = hooks }</c></example>
public sealed class TerminologyServiceHooks(TerminologyService terminology) : IValueSetMembership, ICodeSubsumption
{
    public bool? Contains(string valueSetUrl, string? system, string code)
    {
        if (terminology.Expand(valueSetUrl) is not { } expansion)
        {
            return null;
        }

        return expansion.Contains(system, code) switch
        {
            Membership.Member => true,
            Membership.NotMember => false,
            _ => null,
        };
    }

    public bool? Subsumes(string system, string ancestor, string descendant)
    {
        if (terminology.FindCodeSystem(system) is not { } codeSystem
            || codeSystem.Find(ancestor) is null || codeSystem.Find(descendant) is null)
        {
            return null;
        }

        return codeSystem.IsA(descendant, ancestor);
    }
}
