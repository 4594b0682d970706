using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>A function call: evaluates its input, then hands it to the function body with access to the arguments.</summary>
internal sealed class FunctionEvaluator : Evaluator
{
    private readonly Evaluator? _target;
    private readonly Evaluator[] _arguments;
    private readonly bool[] _descending;

    public FunctionEvaluator(
        Evaluator? target,
        FunctionSignature signature,
        Evaluator[] arguments,
        TypeSpecifier? typeArgument,
        bool[] descending,
        Regex? constantRegex,
        SourcePosition position,
        StaticType type)
        : base(position, type)
    {
        _target = target;
        Signature = signature;
        _arguments = arguments;
        TypeArgument = typeArgument;
        _descending = descending;
        ConstantRegex = constantRegex;
    }

    public FunctionSignature Signature { get; }

    public string Name => Signature.Name;

    public int ArgumentCount => _arguments.Length;

    /// <summary>The resolved type of <c>is()</c>, <c>as()</c> and <c>ofType()</c>.</summary>
    public TypeSpecifier? TypeArgument { get; }

    /// <summary>The regular expression of <c>matches()</c>-like calls when it is a literal, compiled once.</summary>
    public Regex? ConstantRegex { get; }

    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame)
    {
        var focus = _target is null ? frame.This : _target.Evaluate(frame);
        try
        {
            return Signature.Body(this, frame, focus);
        }
        catch (FhirPathEvaluationException error) when (error.Position is null)
        {
            throw Locate(frame, error);
        }
    }

    /// <summary>A value argument, evaluated in the caller's frame.</summary>
    public IReadOnlyList<FhirPathValue> Argument(int index, in Frame frame) => _arguments[index].Evaluate(frame);

    /// <summary>An expression argument evaluated for one input item (<c>$this</c> = item, <c>$index</c> = position).</summary>
    public IReadOnlyList<FhirPathValue> ArgumentFor(int index, in Frame frame, FhirPathValue item, int position) =>
        _arguments[index].Evaluate(frame.ForItem(item, position));

    /// <summary>An argument evaluated in a given frame (for <c>iif</c> and <c>aggregate</c>).</summary>
    public IReadOnlyList<FhirPathValue> ArgumentIn(int index, in Frame frame) => _arguments[index].Evaluate(frame);

    /// <summary>True when the sort key at <paramref name="index"/> was written with a leading minus.</summary>
    public bool IsDescending(int index) => _descending.Length > index && _descending[index];

    /// <summary>The single item of a value argument; null when empty; an error when there are several.</summary>
    public FhirPathValue? SingleArgument(int index, in Frame frame)
    {
        var value = Argument(index, frame);
        return value.Count switch
        {
            0 => null,
            1 => value[0],
            _ => throw new FhirPathEvaluationException($"Argument {index + 1} of {Name}() must be a single item but has {value.Count}."),
        };
    }

    /// <summary>A String argument; null when empty; an error for other types.</summary>
    public string? StringArgument(int index, in Frame frame)
    {
        if (SingleArgument(index, frame) is not { } value)
        {
            return null;
        }

        return Primitives.ToSystem(value) as string
            ?? throw new FhirPathEvaluationException($"Argument {index + 1} of {Name}() must be a String but is a {Ordering.Describe(value)}.");
    }

    /// <summary>An Integer argument; null when empty; an error for other types.</summary>
    public int? IntegerArgument(int index, in Frame frame)
    {
        if (SingleArgument(index, frame) is not { } value)
        {
            return null;
        }

        return Primitives.ToSystem(value) is int i
            ? i
            : throw new FhirPathEvaluationException($"Argument {index + 1} of {Name}() must be an Integer but is a {Ordering.Describe(value)}.");
    }

    /// <summary>The single input item; null when the input is empty; an error when it has several.</summary>
    public FhirPathValue? SingleInput(IReadOnlyList<FhirPathValue> focus) => focus.Count switch
    {
        0 => null,
        1 => focus[0],
        _ => throw new FhirPathEvaluationException($"{Name}() needs a single input item but got {focus.Count}."),
    };

    /// <summary>The single input as a String; null when empty; an error when it is not a String.</summary>
    public string? StringInput(IReadOnlyList<FhirPathValue> focus)
    {
        if (SingleInput(focus) is not { } item)
        {
            return null;
        }

        var value = Primitives.ToSystem(item);
        if (value is string text)
        {
            return text;
        }

        if (value is null && item.Node is { } node && SystemTypes.SystemTypeOf(node.InstanceType) == SystemTypes.String)
        {
            return null;
        }

        throw new FhirPathEvaluationException($"{Name}() needs a String input but got a {Ordering.Describe(item)}.");
    }
}
