using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Everything one evaluation shares: the context, the clock reading, the input and the resolved %resources.</summary>
internal sealed class EvaluationState
{
    private IReadOnlyList<FhirPathValue>? _resource;
    private IReadOnlyList<FhirPathValue>? _rootResource;
    private DateTimeOffset? _now;

    public EvaluationState(EvaluationContext context, TypeModel model, string expression, IReadOnlyList<FhirPathValue> input)
    {
        Context = context;
        Model = model;
        Expression = expression;
        Input = input;
    }

    public EvaluationContext Context { get; }

    public TypeModel Model { get; }

    public string Expression { get; }

    /// <summary>The evaluation input: <c>%context</c>, and <c>$this</c> at the top level.</summary>
    public IReadOnlyList<FhirPathValue> Input { get; }

    /// <summary>The clock, read once per evaluation so every now()/today() in an expression agrees.</summary>
    public DateTimeOffset Now => _now ??= Context.TimeProvider.GetLocalNow();

    public IReadOnlyList<FhirPathValue> Resource => _resource ??= FindResource();

    public IReadOnlyList<FhirPathValue> RootResource => _rootResource ??= FindRootResource();

    public FhirPathDateTime NowValue => FhirPathDateTime.FromDateTimeOffset(Now);

    private IReadOnlyList<FhirPathValue> FindResource()
    {
        if (Context.Resource is { } resource)
        {
            return [FhirPathValue.FromNode(resource)];
        }

        var node = Input.Count > 0 ? Input[0].Node?.ContainingResource() : null;
        return node is null ? Input : [FhirPathValue.FromNode(node)];
    }

    private IReadOnlyList<FhirPathValue> FindRootResource()
    {
        if (Context.RootResource is { } root)
        {
            return [FhirPathValue.FromNode(root)];
        }

        var resource = Resource.Count > 0 ? Resource[0].Node : null;
        // A contained resource's root is its container; everything else is its own root.
        if (resource is { Name: "contained", Parent: { } parent } && parent.ContainingResource() is { } container)
        {
            return [FhirPathValue.FromNode(container)];
        }

        return Resource;
    }
}
