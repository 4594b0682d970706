using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.FhirPath.Binding;

/// <summary>
/// One possible type of an expression's items: a System or FHIR type name, plus, for elements, the definition the
/// items come from (needed to find inline children of backbone elements and content references).
/// </summary>
internal readonly record struct TypeRef(string Namespace, string Name, ElementDefinitionInfo? Element = null)
{
    public const string System = "System";
    public const string Fhir = "FHIR";

    public bool IsSystem => Namespace == System;

    public static TypeRef SystemType(string name) => new(System, name);

    public static TypeRef FhirType(string name, ElementDefinitionInfo? element = null) => new(Fhir, name, element);

    public override string ToString() => $"{Namespace}.{Name}";
}
