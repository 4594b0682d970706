using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Checks a resource tree against the base definitions: every node is a known element of its parent with an
/// allowed type, cardinalities hold, primitive values are lexically valid, and no element is empty. Contained and
/// Bundle-entry resources are checked as their own types. Invariants (FHIRPath constraints), terminology bindings
/// and profiles are other validators' work. Thread-safe.
/// </summary>
public sealed class StructuralValidator : IResourceValidator
{
    /// <summary>Issues reported before the walk stops: bounds the outcome for a hostile or badly broken document.</summary>
    public const int DefaultMaxIssues = 500;

    private readonly FhirDefinitions _definitions;
    private readonly IReadOnlyList<IElementRule> _rules;
    private readonly int _maxIssues;

    public StructuralValidator(FhirDefinitions definitions)
        : this(definitions, DefaultRules(definitions))
    {
    }

    public StructuralValidator(FhirDefinitions definitions, IEnumerable<IElementRule> rules, int maxIssues = DefaultMaxIssues)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        _rules = rules.ToArray();
        _maxIssues = maxIssues;
    }

    /// <summary>The rules of the structural validator, in the order they run.</summary>
    public static IReadOnlyList<IElementRule> DefaultRules(FhirDefinitions definitions) =>
    [
        new UnknownElementRule(),
        new ElementTypeRule(),
        new CardinalityRule(),
        new PrimitiveValueRule(definitions),
        new EmptyElementRule(),
    ];

    public IReadOnlyList<OperationOutcomeIssue> Validate(ElementNode resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var context = new ValidationContext(_definitions, _maxIssues);
        var rootDefinition = resource.Definition ?? _definitions.FindType(resource.InstanceType)?.Root;
        if (!resource.IsResource || !_definitions.IsResourceType(resource.InstanceType))
        {
            context.Error("structure", $"'{resource.InstanceType}' is not a resource type.", resource.Location);
            return context.Issues;
        }

        Visit(resource, rootDefinition, context);
        return context.Issues;
    }

    private void Visit(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        foreach (var rule in _rules)
        {
            rule.Check(node, definition, context);
        }

        if (context.IsFull || definition is null || node.Children.Count == 0)
        {
            return;
        }

        var children = context.ChildDefinitions(node);
        foreach (var child in node.Children)
        {
            Visit(child, Resolve(children, child), context);
            if (context.IsFull)
            {
                return;
            }
        }
    }

    private static ElementDefinitionInfo? Resolve(IReadOnlyList<ElementDefinitionInfo> candidates, ElementNode child)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (ReferenceEquals(candidates[i], child.Definition))
            {
                return candidates[i];
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (string.Equals(candidates[i].Name, child.Name, StringComparison.Ordinal))
            {
                return candidates[i];
            }
        }

        return null;
    }
}
