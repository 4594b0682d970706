using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>
/// A function of the library: name, arity, how each argument is evaluated, the implementation, the result's static
/// type and an optional compile-time check returning an error message.
/// </summary>
internal sealed class FunctionSignature
{
    private readonly ArgumentKind[] _kinds;

    public FunctionSignature(string name, int minArguments, int maxArguments, FunctionBody body, params ArgumentKind[] kinds)
    {
        Name = name;
        MinArguments = minArguments;
        MaxArguments = maxArguments;
        Body = body;
        _kinds = kinds.Length == 0 ? [ArgumentKind.Value] : kinds;
    }

    public string Name { get; }

    public int MinArguments { get; }

    public int MaxArguments { get; }

    public FunctionBody Body { get; }

    /// <summary>Computes the result type; unknown when not set.</summary>
    public Func<FunctionBinding, StaticType>? ResultType { get; init; }

    /// <summary>Returns a semantic error message for calls that can never be valid, or null.</summary>
    public Func<FunctionBinding, string?>? Check { get; init; }

    /// <summary>
    /// The System type each value argument must have (<c>Integer</c>, <c>String</c>, <c>Number</c> for Integer or
    /// Decimal; null for any); arguments whose static type is known to differ are compile errors.
    /// </summary>
    public IReadOnlyList<string?> ArgumentTypes { get; init; } = [];

    /// <summary>True when argument expressions run with <c>$this</c> set to the whole input (<c>iif</c>).</summary>
    public bool ArgumentsSeeInput { get; init; }

    public ArgumentKind KindOf(int index) => _kinds[Math.Min(index, _kinds.Length - 1)];

    public string Arity => MinArguments == MaxArguments
        ? $"{MinArguments} argument{(MinArguments == 1 ? string.Empty : "s")}"
        : MaxArguments == int.MaxValue ? $"at least {MinArguments} arguments" : $"{MinArguments} to {MaxArguments} arguments";
}
