using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// StructureDefinition.context of extension definitions: an extension may only be used on the elements, types,
/// resources or extensions its definition names.
/// </summary>
internal static class ExtensionContexts
{
    public static void Check(StructureProfile definition, ElementNode parent, ElementNode extension, ValidationRun run)
    {
        foreach (var invariant in definition.ContextInvariants)
        {
            if (Evaluate(invariant, parent, run) is false)
            {
                run.Error("structure", $"The extension {definition.Url} is not allowed to be used at this point: its context invariant '{invariant}' is not met.", extension);
            }
        }

        var contexts = definition.Contexts;
        if (contexts.Count == 0)
        {
            return;
        }

        foreach (var context in contexts)
        {
            if (Allows(definition.Url, context.Type, context.Expression, parent, run))
            {
                return;
            }
        }

        var allowed = string.Join(", ", contexts.Select(c => (c.Type == "extension" ? "x:" : c.Type == "fhirpath" ? "p:" : "e:") + c.Expression));
        run.Error("structure", $"The extension {definition.Url} is not allowed to be used at this point (allowed = {allowed}; this element is [{PathOf(parent)}, {parent.InstanceType}]).", extension);
    }

    /// <summary>
    /// Core R4 extensions whose declared context does not cover how the specification itself uses them (every
    /// snapshot puts fhir-type on ElementDefinition.type, regex on ElementDefinition.type, the version extensions
    /// on element definitions): accepted there too, so HL7's own definitions validate.
    /// </summary>
    private static readonly Dictionary<string, string[]> Errata = new(StringComparer.Ordinal)
    {
        ["http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"] = ["ElementDefinition.type"],
        ["http://hl7.org/fhir/StructureDefinition/regex"] = ["ElementDefinition.type"],
        ["http://hl7.org/fhir/StructureDefinition/structuredefinition-normative-version"] = ["ElementDefinition"],
        ["http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status"] = ["ElementDefinition"],
    };

    private static bool Allows(string url, string type, string expression, ElementNode parent, ValidationRun run)
    {
        var definitions = run.Resources.Definitions;
        switch (type)
        {
            case "fhirpath":
                return SelectsNode(expression, parent, run);
            case "extension":
                // On the extension itself, or on its value.
                return parent.InstanceType == "Extension" && parent.ChildText("url") == expression
                    || parent.Parent is { InstanceType: "Extension" } holder && parent.Name == "value" && holder.ChildText("url") == expression;
        }

        if (expression is "Element" or "Base" || expression == "Resource" && parent.IsResource)
        {
            return true;
        }

        if (expression is "CanonicalResource" or "MetadataResource" && parent.IsResource)
        {
            // R5 abstract types that R4 lacks: the resources with a canonical url.
            return definitions.FindType(parent.InstanceType)?.Root.FindChild("url") is not null;
        }

        if (expression.Contains('#', StringComparison.Ordinal))
        {
            // "http://...ext#child": inside another extension.
            return parent.InstanceType == "Extension";
        }

        if (definitions.FindType(expression) is not null && definitions.IsSameOrSubtypeOf(parent.InstanceType, expression))
        {
            return true;
        }

        var path = PathOf(parent);
        if (path == expression || path.Replace("[x]", string.Empty, StringComparison.Ordinal) == expression.Replace("[x]", string.Empty, StringComparison.Ordinal))
        {
            return true;
        }

        // An element defined by reference to another (PlanDefinition.action.action is a PlanDefinition.action).
        if (parent.Definition?.ContentReference is { } reference && reference == expression)
        {
            return true;
        }

        return Errata.TryGetValue(url, out var also) && (also.Contains(path) || also.Contains(parent.InstanceType)
            || parent.Parent is { InstanceType: "ElementDefinition" } && also.Contains("ElementDefinition." + parent.Name));
    }

    /// <summary>True when the FHIRPath context expression, evaluated on the resource, selects the node holding the extension.</summary>
    private static bool SelectsNode(string expression, ElementNode parent, ValidationRun run)
    {
        var resource = parent.IsResource ? parent : parent.ContainingResource();
        if (resource is null)
        {
            return false;
        }

        try
        {
            foreach (var value in run.Resources.Compiler.Compile(expression).Evaluate(resource, run.Evaluation))
            {
                if (ReferenceEquals(value.Node, parent))
                {
                    return true;
                }
            }

            return false;
        }
        catch (FhirPath.FhirPathException)
        {
            // An expression this engine cannot run: the context cannot be ruled out.
            return true;
        }
    }

    private static bool? Evaluate(string expression, ElementNode focus, ValidationRun run)
    {
        try
        {
            return run.Resources.Compiler.Compile(expression).EvaluateBoolean(focus, run.Evaluation);
        }
        catch (FhirPath.FhirPathException)
        {
            return null;
        }
    }

    /// <summary>The definition path of a node (<c>Patient.address</c>, <c>HumanName.given</c> inside a datatype), as the parser resolved it.</summary>
    private static string PathOf(ElementNode node) => node.IsResource ? node.InstanceType : node.Definition?.Path ?? node.Name;
}
