using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>The state of one validation: the definitions, and the issues found so far (capped).</summary>
public sealed class ValidationContext
{
    private readonly List<OperationOutcomeIssue> _issues = [];
    private readonly int _maxIssues;

    public ValidationContext(FhirDefinitions definitions, int maxIssues)
    {
        Definitions = definitions;
        _maxIssues = maxIssues;
    }

    public FhirDefinitions Definitions { get; }

    public IReadOnlyList<OperationOutcomeIssue> Issues => _issues;

    /// <summary>True once the cap is reached: the walk stops.</summary>
    public bool IsFull => _issues.Count >= _maxIssues;

    /// <summary>The element definitions allowed as children of <paramref name="node"/> (resources use their own type).</summary>
    public IReadOnlyList<ElementDefinitionInfo> ChildDefinitions(ElementNode node)
    {
        if (node.IsResource || node.Definition is null)
        {
            return Definitions.ChildrenOf(node.InstanceType);
        }

        return Definitions.ChildrenOf(node.Definition, node.InstanceType);
    }

    public void Error(string code, string diagnostics, string location) => Report(OperationOutcomeIssue.Error(code, diagnostics, location));

    public void Warning(string code, string diagnostics, string location) => Report(OperationOutcomeIssue.Warning(code, diagnostics, location));

    public void Report(OperationOutcomeIssue issue)
    {
        if (_issues.Count < _maxIssues)
        {
            _issues.Add(issue);
        }
    }
}
