using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// A type named in <c>is</c>, <c>as</c>, <c>ofType()</c>: qualified (<c>FHIR.Patient</c>, <c>System.Integer</c>) or
/// not, in which case it matches an element of that FHIR type or a System value of that System type.
/// </summary>
internal sealed record TypeSpecifier(string? Namespace, string Name)
{
    /// <summary>
    /// True when the item is of this type. FHIR types match subtypes (an Age is a Quantity). With
    /// <paramref name="exactForPrimitives"/>, as <c>as</c> and <c>ofType()</c> are used, a FHIR primitive must be of the
    /// type exactly: the official tests expect <c>Patient.gender.as(string)</c> to be empty although code derives
    /// from string (while <c>is(string)</c> is true).
    /// </summary>
    public bool Matches(in FhirPathValue value, TypeModel model, bool exactForPrimitives)
    {
        if (value.Node is { } node)
        {
            if (Namespace == TypeRef.System)
            {
                return false;
            }

            if (exactForPrimitives && model.IsPrimitive(node.InstanceType))
            {
                return string.Equals(node.InstanceType, Name, StringComparison.Ordinal);
            }

            return model.IsSameOrSubtypeOf(node.InstanceType, Name);
        }

        if (Namespace == TypeRef.Fhir)
        {
            return false;
        }

        return value.Item is not FhirPathTypeInfo && string.Equals(value.TypeName, Name, StringComparison.Ordinal);
    }

    /// <summary>The static type of items known to be of this type.</summary>
    public TypeRef ToTypeRef(TypeModel model)
    {
        if (Namespace == TypeRef.System || (Namespace is null && model.IsKnownFhirType(Name) != true && SystemTypes.All.Contains(Name)))
        {
            return TypeRef.SystemType(Name);
        }

        return TypeRef.FhirType(Name);
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}.{Name}";
}
