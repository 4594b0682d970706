using System.Collections.Concurrent;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Functions;
using FhirChainGateway.Fhir.FhirPath.Parsing;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// Compiles FHIRPath expressions (parse, bind, type-check against the definitions when given) and caches the results
/// by expression text and input type. Thread-safe; create one per definitions registry and share it.
/// </summary>
/// <example>
/// <code>
/// var compiler = new FhirPathCompiler(definitions);
/// var invariant = compiler.Compile("name.exists() or identifier.exists()", "Patient");
/// bool ok = invariant.IsTrue(patientNode);
/// </code>
/// </example>
public sealed class FhirPathCompiler
{
    private readonly ConcurrentDictionary<(string Expression, string? InputType), CompiledExpression> _cache = new();
    private readonly TypeModel _model;

    /// <param name="definitions">The FHIR definitions for static checking and type tests; without them the engine checks less.</param>
    /// <param name="options">Strictness; <see cref="FhirPathCompilerOptions.Default"/> when null.</param>
    public FhirPathCompiler(FhirDefinitions? definitions = null, FhirPathCompilerOptions? options = null)
    {
        Definitions = definitions;
        Options = options ?? FhirPathCompilerOptions.Default;
        _model = definitions is null ? TypeModel.WithoutDefinitions : new TypeModel(definitions);
    }

    public FhirDefinitions? Definitions { get; }

    public FhirPathCompilerOptions Options { get; }

    /// <summary>Number of expressions in the cache.</summary>
    public int CachedCount => _cache.Count;

    /// <summary>
    /// Compiles (or returns the cached compilation of) an expression. With an <paramref name="inputType"/> (a FHIR type
    /// such as <c>Patient</c>, or an element path such as <c>Patient.contact</c> for invariants on backbone elements)
    /// and definitions, element names are checked and unknown ones are errors.
    /// </summary>
    /// <exception cref="FhirPathSyntaxException">The text is not a FHIRPath expression; the message gives line and column.</exception>
    /// <exception cref="FhirPathSemanticException">The expression can never be valid for the types involved.</exception>
    public CompiledExpression Compile(string expression, string? inputType = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var key = (expression, inputType);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var compiled = CompileUncached(expression, inputType);
        if (_cache.Count >= Options.CacheCapacity)
        {
            // Simplest bound that keeps hot expressions cheap: they are recompiled once after a reset.
            _cache.Clear();
        }

        return _cache.GetOrAdd(key, compiled);
    }

    /// <summary>Compiles and evaluates in one step, checking against the input's type when it is a resource.</summary>
    public IReadOnlyList<FhirPathValue> Evaluate(string expression, ElementNode input, EvaluationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Compile(expression, input.IsResource ? input.InstanceType : null).Evaluate(input, context);
    }

    /// <summary>Checks an expression without keeping it: null when it compiles, else the error.</summary>
    public FhirPathException? Validate(string expression, string? inputType = null)
    {
        try
        {
            CompileUncached(expression, inputType);
            return null;
        }
        catch (FhirPathException error)
        {
            return error;
        }
    }

    private CompiledExpression CompileUncached(string expression, string? inputType)
    {
        var syntax = Parser.Parse(expression);
        var binder = new Binder(_model, Options, expression, FunctionTable.Standard);
        var root = binder.BindRoot(syntax, inputType);
        return new CompiledExpression(expression, inputType, root, _model);
    }
}
