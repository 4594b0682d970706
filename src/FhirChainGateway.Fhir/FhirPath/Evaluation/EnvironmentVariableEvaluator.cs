using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// <c>%context</c>, <c>%resource</c>, <c>%rootResource</c> and caller-supplied variables (the constant ones such as
/// <c>%ucum</c> are folded at compile time).
/// </summary>
internal sealed class EnvironmentVariableEvaluator(string name, SourcePosition position, StaticType type) : Evaluator(position, type)
{
    public override IReadOnlyList<FhirPathValue> Evaluate(in Frame frame)
    {
        var state = frame.State;
        switch (name)
        {
            case "context":
                return state.Input;
            case "resource":
                return state.Resource;
            case "rootResource":
                return state.RootResource;
        }

        if (state.Context.Variables.TryGetValue(name, out var value))
        {
            return value;
        }

        throw Error(frame, $"The environment variable '%{name}' is not defined.");
    }
}
