using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>Common ways a function's static result type follows from its input and arguments.</summary>
internal static class ResultTypes
{
    public static readonly Func<FunctionBinding, StaticType> Boolean = _ => StaticType.Boolean;
    public static readonly Func<FunctionBinding, StaticType> String = _ => StaticType.String;
    public static readonly Func<FunctionBinding, StaticType> Integer = _ => StaticType.Integer;
    public static readonly Func<FunctionBinding, StaticType> Decimal = _ => StaticType.Decimal;
    public static readonly Func<FunctionBinding, StaticType> Strings = _ => StaticType.String.AsCollection();
    public static readonly Func<FunctionBinding, StaticType> SameAsInput = b => b.Input;
    public static readonly Func<FunctionBinding, StaticType> SingleOfInput = b => b.Input.AsSingleton();

    /// <summary>The input's types as a collection (filters keep the types but not the count).</summary>
    public static readonly Func<FunctionBinding, StaticType> SubsetOfInput = b => b.Input;

    public static Func<FunctionBinding, StaticType> System(string name) => _ => StaticType.System(name);

    /// <summary>For numeric functions that keep Integer as Integer and Decimal as Decimal.</summary>
    public static readonly Func<FunctionBinding, StaticType> SameNumber = b => b.Input.IsKnown ? b.Input.AsSingleton() : StaticType.Unknown.AsSingleton();
}
