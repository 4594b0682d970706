using FhirChainGateway.Fhir.FhirPath.Binding;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary><c>and</c>, <c>or</c>, <c>xor</c>, <c>implies</c> with three-valued logic; the right side is skipped when it cannot matter.</summary>
internal sealed class LogicalEvaluator(string op, Evaluator left, Evaluator right, SourcePosition position)
    : BinaryEvaluator(op, left, right, position, StaticType.Boolean)
{
    protected override IReadOnlyList<FhirPathValue> Apply(in Frame frame)
    {
        var a = BooleanLogic.ToBoolean(Left.Evaluate(frame), Operator);
        switch (Operator)
        {
            case "and":
                if (a == false)
                {
                    return Collections.False;
                }

                var andRight = BooleanLogic.ToBoolean(Right.Evaluate(frame), Operator);
                return andRight == false ? Collections.False : (a == true && andRight == true ? Collections.True : Collections.Empty);
            case "or":
                if (a == true)
                {
                    return Collections.True;
                }

                var orRight = BooleanLogic.ToBoolean(Right.Evaluate(frame), Operator);
                return orRight == true ? Collections.True : (a == false && orRight == false ? Collections.False : Collections.Empty);
            case "xor":
                var xorRight = BooleanLogic.ToBoolean(Right.Evaluate(frame), Operator);
                return a is null || xorRight is null ? Collections.Empty : Collections.Boolean(a != xorRight);
            default:
                if (a == false)
                {
                    return Collections.True;
                }

                var impliesRight = BooleanLogic.ToBoolean(Right.Evaluate(frame), Operator);
                if (impliesRight == true)
                {
                    return Collections.True;
                }

                return a == true && impliesRight == false ? Collections.False : Collections.Empty;
        }
    }
}
