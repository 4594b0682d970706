using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Snapshots;

/// <summary>
/// Profiles of the core types (specializations) built from the registry's compact type model, so validating against
/// base R4 never has to parse the 35 MB resource definitions: the model already holds what base validation needs
/// (cardinality, types, target and type profiles, bindings, invariants, maxLength).
/// </summary>
internal static class CoreProfiles
{
    public static StructureProfile FromType(TypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var elements = new List<ElementDef>();
        Flatten(type.Root, elements);
        var header = new StructureProfileHeader
        {
            Url = type.Url,
            Name = type.Name,
            Type = type.Name,
            Kind = type.Kind,
            Derivation = StructureDerivation.Specialization,
            BaseDefinition = type.BaseType is null ? null : "http://hl7.org/fhir/StructureDefinition/" + type.BaseType,
            IsAbstract = type.IsAbstract,
            IsCore = true,
        };
        return ProfileTreeBuilder.Build(header, elements, []);
    }

    private static void Flatten(ElementDefinitionInfo element, List<ElementDef> into)
    {
        into.Add(Convert(element));
        foreach (var child in element.Children)
        {
            Flatten(child, into);
        }
    }

    private static ElementDef Convert(ElementDefinitionInfo element)
    {
        var types = new ElementTypeRef[element.Types.Count];
        for (var i = 0; i < types.Length; i++)
        {
            var code = element.Types[i];
            var targets = code is "Reference" or "canonical" ? element.TargetProfiles : [];
            types[i] = new ElementTypeRef(code, element.TypeProfiles, targets, []);
        }

        return new ElementDef
        {
            Key = element.Path,
            Path = element.Path,
            Name = element.Name,
            IsChoice = element.IsChoice,
            Min = element.Min,
            Max = element.Max,
            Types = types,
            ContentReference = element.ContentReference,
            MaxLength = element.MaxLength,
            Binding = element.Binding is { } binding ? BindingDef.Of(binding.Strength, binding.ValueSet) : null,
            Constraints = element.Constraints,
            IsModifier = element.IsModifier,
            BasePath = element.Path,
            BaseMax = element.IsCollection ? "*" : "1",
        };
    }
}
