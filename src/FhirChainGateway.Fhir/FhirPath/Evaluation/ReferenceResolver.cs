using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// <c>resolve()</c>: contained references (<c>#id</c>) against the container, other references against the entries of
/// the enclosing Bundle (by fullUrl, or by type and id), then the context's resolver.
/// </summary>
internal static class ReferenceResolver
{
    public static IReadOnlyList<FhirPathValue> ResolveAll(IReadOnlyList<FhirPathValue> focus, EvaluationState state)
    {
        List<FhirPathValue>? result = null;
        foreach (var item in focus)
        {
            var reference = item.Node is { InstanceType: "Reference" } node ? node.ChildText("reference") : Primitives.ToSystem(item) as string;
            if (string.IsNullOrEmpty(reference))
            {
                continue;
            }

            var origin = item.Node ?? (state.Resource.Count > 0 ? state.Resource[0].Node : null);
            if (Resolve(reference, origin, state) is { } target)
            {
                (result ??= []).Add(FhirPathValue.FromNode(target));
            }
        }

        return result ?? Collections.Empty;
    }

    private static ElementNode? Resolve(string reference, ElementNode? origin, EvaluationState state)
    {
        if (reference.StartsWith('#'))
        {
            return origin is null ? null : ResolveContained(reference[1..], origin);
        }

        if (origin is not null && FindBundleEntryResource(origin, reference) is { } entry)
        {
            return entry;
        }

        if (state.Context.Resolver?.Resolve(reference) is { } resolved)
        {
            return resolved;
        }

        return state.Context.ResolveReferencesToStubs ? Stub(reference, state.Model) : null;
    }

    /// <summary>An empty resource standing for the target of a <c>Type/id</c> reference, so its type can be tested.</summary>
    private static ElementNode? Stub(string reference, TypeModel model)
    {
        var (type, id) = TypeAndId(reference);
        if (type is null || id is null || (model.Definitions is not null && !model.IsResourceType(type)))
        {
            return null;
        }

        var stub = new ElementNode(type, type, model.Definitions?.FindType(type)?.Root) { IsResource = true };
        stub.SetPrimitive("id", "id", id);
        return stub;
    }

    private static ElementNode? ResolveContained(string id, ElementNode origin)
    {
        var container = origin.ContainingResource();
        // A reference inside a contained resource points at the container's other contained resources.
        while (container is { Name: "contained", Parent: { } parent } && parent.ContainingResource() is { } outer)
        {
            container = outer;
        }

        if (container is null)
        {
            return null;
        }

        if (id.Length == 0)
        {
            return container;
        }

        foreach (var contained in container.ChildrenNamed("contained"))
        {
            if (contained.ChildText("id") == id)
            {
                return contained;
            }
        }

        return null;
    }

    private static ElementNode? FindBundleEntryResource(ElementNode origin, string reference)
    {
        var (type, id) = TypeAndId(reference);
        for (var bundle = origin.Parent; bundle is not null; bundle = bundle.Parent)
        {
            if (bundle.InstanceType != "Bundle")
            {
                continue;
            }

            foreach (var entry in bundle.ChildrenNamed("entry"))
            {
                var resource = entry.FirstChild("resource");
                if (resource is null)
                {
                    continue;
                }

                var fullUrl = entry.ChildText("fullUrl");
                if (fullUrl is not null && (fullUrl == reference || fullUrl.EndsWith("/" + reference, StringComparison.Ordinal)))
                {
                    return resource;
                }

                if (type is not null && resource.InstanceType == type && resource.ChildText("id") == id)
                {
                    return resource;
                }
            }
        }

        return null;
    }

    /// <summary>The resource type and id of a RESTful reference (<c>Patient/1</c>, <c>http://x/Patient/1/_history/2</c>).</summary>
    private static (string? Type, string? Id) TypeAndId(string reference)
    {
        if (reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var segments = reference.Split('/');
        var end = segments.Length;
        if (end >= 4 && segments[end - 2] == "_history")
        {
            end -= 2;
        }

        return end >= 2 && segments[end - 2].Length > 0 && char.IsAsciiLetterUpper(segments[end - 2][0])
            ? (segments[end - 2], segments[end - 1])
            : (null, null);
    }
}
