using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Binding;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>
/// The FHIR-specific functions: extension, hasValue, getValue, resolve, memberOf, subsumes, subsumedBy, conformsTo,
/// htmlChecks, elementDefinition, slice, checkModifiers.
/// </summary>
internal static class FhirFunctions
{
    private const string CoreProfilePrefix = "http://hl7.org/fhir/StructureDefinition/";

    public static void Register(Action<FunctionSignature> add)
    {
        add(new("extension", 1, 1, Extension)
        {
            ArgumentTypes = [SystemTypes.String],
            ResultType = b => StaticType.Of(TypeRef.FhirType("Extension"), singleton: false),
        });
        add(new("hasValue", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
            Collections.Boolean(focus.Count == 1 && Primitives.HasPrimitiveValue(focus[0])))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("getValue", 0, 0, (FunctionEvaluator _, in Frame _, IReadOnlyList<FhirPathValue> focus) => GetValue(focus)));
        add(new("resolve", 0, 0, (FunctionEvaluator _, in Frame frame, IReadOnlyList<FhirPathValue> focus) => ReferenceResolver.ResolveAll(focus, frame.State)));
        add(new("memberOf", 1, 1, MemberOf) { ResultType = ResultTypes.Boolean, ArgumentTypes = [SystemTypes.String] });
        add(new("subsumes", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) => Subsumes(call, frame, focus, inputIsAncestor: true))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("subsumedBy", 1, 1, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) => Subsumes(call, frame, focus, inputIsAncestor: false))
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("conformsTo", 1, 1, ConformsTo) { ResultType = ResultTypes.Boolean, ArgumentTypes = [SystemTypes.String] });
        add(new("htmlChecks", 0, 0, (FunctionEvaluator call, in Frame _, IReadOnlyList<FhirPathValue> focus) =>
            call.SingleInput(focus) is { } item ? Collections.Boolean(XhtmlChecks.IsSafe(Primitives.ToSystem(item) as string)) : Collections.Empty)
        {
            ResultType = ResultTypes.Boolean,
        });
        add(new("elementDefinition", 0, 0, ElementDefinition));
        add(new("slice", 2, 2, Slice) { ResultType = ResultTypes.SubsetOfInput, ArgumentTypes = [SystemTypes.String, SystemTypes.String] });
        add(new("checkModifiers", 0, int.MaxValue, CheckModifiers) { ResultType = ResultTypes.SameAsInput });
    }

    private static IReadOnlyList<FhirPathValue> Extension(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count == 0 || call.StringArgument(0, frame) is not { } url)
        {
            return Collections.Empty;
        }

        List<FhirPathValue>? result = null;
        foreach (var item in focus)
        {
            if (item.Node is not { } node)
            {
                continue;
            }

            var children = node.Children;
            for (var i = 0; i < children.Count; i++)
            {
                var child = children[i];
                if (child.Name == "extension" && child.ChildText("url") == url)
                {
                    (result ??= []).Add(FhirPathValue.FromNode(child));
                }
            }
        }

        return result ?? Collections.Empty;
    }

    private static IReadOnlyList<FhirPathValue> GetValue(IReadOnlyList<FhirPathValue> focus)
    {
        if (focus.Count != 1 || focus[0].Node is not { } node || !Primitives.HasPrimitiveValue(focus[0]))
        {
            return Collections.Empty;
        }

        return Primitives.ToSystem(focus[0]) is { } value ? [FhirPathValue.From(value)] : Collections.Empty;
    }

    private static IReadOnlyList<FhirPathValue> MemberOf(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (call.SingleInput(focus) is not { } item || call.StringArgument(0, frame) is not { } valueSet)
        {
            return Collections.Empty;
        }

        var membership = frame.State.Context.ValueSets;
        if (membership is null)
        {
            return Collections.Empty;
        }

        var unknown = false;
        foreach (var (system, code) in CodingsOf(item))
        {
            switch (membership.Contains(valueSet, system, code))
            {
                case true:
                    return Collections.True;
                case null:
                    unknown = true;
                    break;
            }
        }

        return unknown ? Collections.Empty : Collections.False;
    }

    /// <summary>
    /// Whether some coding of the input subsumes (or is subsumed by) some coding of the argument in the same system;
    /// empty when the terminology cannot tell.
    /// </summary>
    private static IReadOnlyList<FhirPathValue> Subsumes(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus, bool inputIsAncestor)
    {
        if (call.SingleInput(focus) is not { } item || call.SingleArgument(0, frame) is not { } other)
        {
            return Collections.Empty;
        }

        var terminology = frame.State.Context.Subsumption;
        if (terminology is null)
        {
            return Collections.Empty;
        }

        var unknown = false;
        foreach (var (system, code) in CodingsOf(item))
        {
            foreach (var (otherSystem, otherCode) in CodingsOf(other))
            {
                if (system is null || system != otherSystem)
                {
                    continue;
                }

                var answer = inputIsAncestor ? terminology.Subsumes(system, code, otherCode) : terminology.Subsumes(system, otherCode, code);
                if (answer == true)
                {
                    return Collections.True;
                }

                unknown |= answer is null;
            }
        }

        return unknown ? Collections.Empty : Collections.False;
    }

    /// <summary>The (system, code) pairs of a code, string, Coding or CodeableConcept.</summary>
    private static IEnumerable<(string? System, string Code)> CodingsOf(FhirPathValue item)
    {
        if (item.Node is { } node)
        {
            switch (node.InstanceType)
            {
                case "Coding":
                    if (node.ChildText("code") is { } code)
                    {
                        yield return (node.ChildText("system"), code);
                    }

                    yield break;
                case "CodeableConcept":
                    foreach (var coding in node.ChildrenNamed("coding"))
                    {
                        if (coding.ChildText("code") is { } codingCode)
                        {
                            yield return (coding.ChildText("system"), codingCode);
                        }
                    }

                    yield break;
            }
        }

        if (Primitives.ToSystem(item) is string text)
        {
            yield return (null, text);
        }
    }

    private static IReadOnlyList<FhirPathValue> ConformsTo(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        if (call.SingleInput(focus) is not { } item || call.StringArgument(0, frame) is not { } url)
        {
            return Collections.Empty;
        }

        if (item.Node is not { } node)
        {
            return Collections.False;
        }

        if (frame.State.Context.Profiles?.ConformsTo(node, url) is { } answer)
        {
            return Collections.Boolean(answer);
        }

        // Without a validator, the base definitions of the core types still have a clear answer: the type itself.
        var definitions = frame.State.Model.Definitions;
        var structure = definitions?.FindStructure(url);
        if (structure is not null && structure.Derivation != Definitions.StructureDerivation.Constraint)
        {
            return Collections.Boolean(frame.State.Model.IsSameOrSubtypeOf(node.InstanceType, structure.Type));
        }

        if (definitions is null && url.StartsWith(CoreProfilePrefix, StringComparison.Ordinal))
        {
            return Collections.Boolean(frame.State.Model.IsSameOrSubtypeOf(node.InstanceType, url[CoreProfilePrefix.Length..]));
        }

        throw new FhirPathEvaluationException(structure is null
            ? $"conformsTo(): the profile '{url}' is not known."
            : $"conformsTo(): checking the profile '{url}' needs a validator (EvaluationContext.Profiles).");
    }

    private static IReadOnlyList<FhirPathValue> ElementDefinition(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var hooks = frame.State.Context.Profiles;
        if (hooks is null)
        {
            return Collections.Empty;
        }

        var result = new List<FhirPathValue>();
        foreach (var item in focus)
        {
            if (item.Node is { } node && hooks.ElementDefinitionOf(node) is { } definition)
            {
                result.Add(FhirPathValue.FromNode(definition));
            }
        }

        return result;
    }

    private static IReadOnlyList<FhirPathValue> Slice(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var profile = call.StringArgument(0, frame);
        var slice = call.StringArgument(1, frame);
        var hooks = frame.State.Context.Profiles;
        if (profile is null || slice is null || focus.Count == 0)
        {
            return Collections.Empty;
        }

        if (hooks is null)
        {
            throw new FhirPathEvaluationException("slice() needs a validator (EvaluationContext.Profiles).");
        }

        var result = new List<FhirPathValue>();
        foreach (var item in focus)
        {
            if (item.Node is { } node)
            {
                var inSlice = hooks.IsInSlice(node, profile, slice)
                    ?? throw new FhirPathEvaluationException($"slice(): the slice '{slice}' of '{profile}' is not known.");
                if (inSlice)
                {
                    result.Add(item);
                }
            }
        }

        return result;
    }

    private static IReadOnlyList<FhirPathValue> CheckModifiers(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < call.ArgumentCount; i++)
        {
            foreach (var value in call.Argument(i, frame))
            {
                if (Primitives.ToSystem(value) is string url)
                {
                    allowed.Add(url);
                }
            }
        }

        foreach (var item in focus)
        {
            if (item.Node is not { } node)
            {
                continue;
            }

            foreach (var modifier in node.ChildrenNamed("modifierExtension"))
            {
                var url = modifier.ChildText("url");
                if (url is null || !allowed.Contains(url))
                {
                    throw new FhirPathEvaluationException($"The modifier extension '{url}' on {node.Location} is not understood.");
                }
            }
        }

        return focus;
    }
}
