namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// What <c>type()</c> returns: a SimpleTypeInfo/ClassInfo reduced to its <c>namespace</c> and <c>name</c>, which
/// expressions navigate like elements (<c>1.type().name = 'Integer'</c>).
/// </summary>
public sealed record FhirPathTypeInfo(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}.{Name}";
}
