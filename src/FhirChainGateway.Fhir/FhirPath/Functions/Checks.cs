using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>Compile-time checks shared by several functions.</summary>
internal static class Checks
{
    /// <summary>String functions on an input that can never be a String (an Identifier, an Integer) are errors.</summary>
    public static readonly Func<FunctionBinding, string?> StringInput = binding =>
        binding.Input.IsKnown && binding.Input.Types.Count > 0 && !binding.Input.Types.Any(IsStringLike)
            ? $"needs a String input, but the input is of type {string.Join(" | ", binding.Input.Types.Select(t => t.ToString()))}"
            : null;

    public static bool IsStringLike(TypeRef type) =>
        type.IsSystem ? type.Name == SystemTypes.String : SystemTypes.SystemTypeOf(type.Name) == SystemTypes.String;

    public static bool IsBooleanLike(TypeRef type) =>
        type.IsSystem ? type.Name == SystemTypes.Boolean : type.Name == "boolean";
}
