using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// A parsed, type-checked expression, ready to evaluate any number of times, concurrently. Obtain one from
/// <see cref="FhirPathCompiler.Compile"/>.
/// </summary>
public sealed class CompiledExpression
{
    private static readonly EvaluationContext DefaultContext = new();

    private readonly Evaluator _root;
    private readonly TypeModel _model;

    internal CompiledExpression(string expression, string? inputType, Evaluator root, TypeModel model)
    {
        Expression = expression;
        InputType = inputType;
        _root = root;
        _model = model;
    }

    public string Expression { get; }

    /// <summary>The input type the expression was checked against, or null when it was compiled without one.</summary>
    public string? InputType { get; }

    /// <summary>The static result type as far as the compiler knows it (<c>System.Boolean</c>, <c>HumanName[*]</c>, <c>?</c>).</summary>
    public string ResultType => _root.Type.ToString();

    /// <summary>Evaluates against one element (usually a resource); the result is a new collection each time.</summary>
    /// <exception cref="FhirPathEvaluationException">A run-time error defined by the specification.</exception>
    public IReadOnlyList<FhirPathValue> Evaluate(ElementNode input, EvaluationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Evaluate([FhirPathValue.FromNode(input)], context);
    }

    /// <summary>Evaluates against an arbitrary input collection (empty for expressions that need no input).</summary>
    public IReadOnlyList<FhirPathValue> Evaluate(IReadOnlyList<FhirPathValue> input, EvaluationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = new EvaluationState(context ?? DefaultContext, _model, Expression, input);
        var frame = new Frame(state, input, 0, null);
        try
        {
            return _root.Evaluate(frame);
        }
        catch (FhirPathEvaluationException error) when (error.Expression.Length == 0)
        {
            throw new FhirPathEvaluationException(error.Detail, Expression, error.Position, error);
        }
        catch (Exception error) when (error is not FhirPathException and not OperationCanceledException and not OutOfMemoryException)
        {
            // Guarantees callers one failure type; the inner exception keeps the defect visible.
            throw new FhirPathEvaluationException($"Evaluation failed unexpectedly: {error.Message}", Expression, null, error);
        }
    }

    /// <summary>
    /// The result as a Boolean, as invariants use it: null when empty, the value of a single Boolean, true for any
    /// other single item; an error when the result has several items.
    /// </summary>
    public bool? EvaluateBoolean(ElementNode input, EvaluationContext? context = null)
    {
        var result = Evaluate(input, context);
        try
        {
            return BooleanLogic.ToBoolean(result, Expression);
        }
        catch (FhirPathEvaluationException error)
        {
            throw new FhirPathEvaluationException(error.Detail, Expression, null, error);
        }
    }

    /// <summary>True only when the expression evaluates to true (empty and false are both "not true").</summary>
    public bool IsTrue(ElementNode input, EvaluationContext? context = null) => EvaluateBoolean(input, context) == true;

    /// <summary>The elements of the result (System values such as literals are skipped): what search indexing and patches need.</summary>
    public IEnumerable<ElementNode> Select(ElementNode input, EvaluationContext? context = null)
    {
        var result = Evaluate(input, context);
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Node is { } node)
            {
                yield return node;
            }
        }
    }

    /// <summary>The single result item, null when empty; an error when there are several.</summary>
    public FhirPathValue? EvaluateSingle(ElementNode input, EvaluationContext? context = null)
    {
        var result = Evaluate(input, context);
        return result.Count switch
        {
            0 => null,
            1 => result[0],
            _ => throw new FhirPathEvaluationException($"Expected at most one result but got {result.Count}.", Expression),
        };
    }

    public override string ToString() => Expression;
}
