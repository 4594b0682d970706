using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Terminology;

/// <summary>
/// A CodeSystem read for lookups: its concepts by code (case-insensitively when the system says so), their
/// displays and designations, the is-a hierarchy (nesting and <c>parent</c> properties) and concept properties.
/// Immutable once read; shared by the expander and the code validator.
/// </summary>
public sealed class CodeSystemInfo
{
    private readonly Dictionary<string, ConceptInfo> _concepts;

    private CodeSystemInfo(string url, string? version, string? name, string content, bool caseSensitive, Dictionary<string, ConceptInfo> concepts)
    {
        Url = url;
        Version = version;
        Name = name;
        Content = content;
        CaseSensitive = caseSensitive;
        _concepts = concepts;
    }

    public string Url { get; }

    public string? Version { get; }

    public string? Name { get; }

    /// <summary>CodeSystem.content: <c>complete</c>, <c>fragment</c>, <c>example</c>, <c>not-present</c> or <c>supplement</c>.</summary>
    public string Content { get; }

    public bool CaseSensitive { get; }

    /// <summary>True when every code of the system is listed, so a code that is not is wrong.</summary>
    /// <remarks>A "complete" system without a single concept is a packaging artifact (the codes were stripped), not an empty system.</remarks>
    public bool IsComplete => Content == "complete" && _concepts.Count > 0;

    /// <summary>True when the resource lists no codes at all: lookups cannot decide anything.</summary>
    public bool IsEmpty => _concepts.Count == 0;

    public IReadOnlyCollection<ConceptInfo> Concepts => _concepts.Values;

    public int Count => _concepts.Count;

    public string DisplayName => Name ?? Url;

    public ConceptInfo? Find(string code) => _concepts.GetValueOrDefault(code);

    /// <summary>True when <paramref name="code"/> is <paramref name="ancestor"/> or one of its descendants.</summary>
    public bool IsA(string code, string ancestor)
    {
        if (Find(code) is not { } concept || Find(ancestor) is not { } top)
        {
            return false;
        }

        if (ReferenceEquals(concept, top))
        {
            return true;
        }

        var seen = new HashSet<ConceptInfo>();
        var queue = new Queue<ConceptInfo>();
        queue.Enqueue(concept);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var parentCode in current.Parents)
            {
                if (Find(parentCode) is not { } parent || !seen.Add(parent))
                {
                    continue;
                }

                if (ReferenceEquals(parent, top))
                {
                    return true;
                }

                queue.Enqueue(parent);
            }
        }

        return false;
    }

    /// <summary>The concept and all its descendants (or only the descendants).</summary>
    public IEnumerable<ConceptInfo> Subsumed(string code, bool includeSelf)
    {
        if (Find(code) is not { } top)
        {
            yield break;
        }

        var seen = new HashSet<ConceptInfo> { top };
        var queue = new Queue<ConceptInfo>();
        queue.Enqueue(top);
        if (includeSelf)
        {
            yield return top;
        }

        while (queue.Count > 0)
        {
            foreach (var childCode in queue.Dequeue().Children)
            {
                if (Find(childCode) is { } child && seen.Add(child))
                {
                    yield return child;
                    queue.Enqueue(child);
                }
            }
        }
    }

    /// <summary>Reads a CodeSystem resource (concepts nested any depth).</summary>
    public static CodeSystemInfo Read(JsonElement codeSystem)
    {
        var caseSensitive = codeSystem.GetBooleanOr("caseSensitive", true);
        var concepts = new Dictionary<string, ConceptInfo>(caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var childrenOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var concept in codeSystem.GetArrayOrEmpty("concept"))
        {
            ReadConcept(concept, null, concepts, childrenOf);
        }

        // "parent"/"child" properties define the hierarchy as well as nesting does.
        foreach (var concept in concepts.Values)
        {
            foreach (var parent in concept.Parents)
            {
                Link(childrenOf, parent, concept.Code);
            }
        }

        foreach (var (parent, children) in childrenOf)
        {
            if (concepts.TryGetValue(parent, out var concept))
            {
                foreach (var child in children)
                {
                    if (!concept.Children.Contains(child))
                    {
                        concept.Children.Add(child);
                    }

                    if (concepts.TryGetValue(child, out var childConcept) && !childConcept.Parents.Contains(concept.Code))
                    {
                        childConcept.Parents.Add(concept.Code);
                    }
                }
            }
        }

        return new CodeSystemInfo(
            codeSystem.GetStringOrNull("url") ?? string.Empty,
            codeSystem.GetStringOrNull("version"),
            codeSystem.GetStringOrNull("title") ?? codeSystem.GetStringOrNull("name"),
            codeSystem.GetStringOrNull("content") ?? "complete",
            caseSensitive,
            concepts);
    }

    private static void Link(Dictionary<string, List<string>> childrenOf, string parent, string child)
    {
        if (!childrenOf.TryGetValue(parent, out var list))
        {
            childrenOf[parent] = list = [];
        }

        if (!list.Contains(child))
        {
            list.Add(child);
        }
    }

    private static void ReadConcept(JsonElement json, string? parent, Dictionary<string, ConceptInfo> concepts, Dictionary<string, List<string>> childrenOf)
    {
        var code = json.GetStringOrNull("code");
        if (code is null)
        {
            return;
        }

        if (!concepts.TryGetValue(code, out var concept))
        {
            concept = new ConceptInfo(code, json.GetStringOrNull("display"));
            concepts[code] = concept;
        }

        foreach (var designation in json.GetArrayOrEmpty("designation"))
        {
            if (designation.GetStringOrNull("value") is { } value)
            {
                concept.Designations.Add(value);
            }
        }

        foreach (var property in json.GetArrayOrEmpty("property"))
        {
            var name = property.GetStringOrNull("code");
            if (name is null)
            {
                continue;
            }

            string? value = null;
            foreach (var item in property.EnumerateObject())
            {
                if (item.Name.StartsWith("value", StringComparison.Ordinal))
                {
                    value = item.Value.ValueKind switch
                    {
                        JsonValueKind.String => item.Value.GetString(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Number => item.Value.GetRawText(),
                        JsonValueKind.Object => item.Value.GetStringOrNull("code"),
                        _ => null,
                    };
                }
            }

            if (value is null)
            {
                continue;
            }

            concept.Properties.Add((name, value));
            switch (name)
            {
                case "parent" or "subsumedBy":
                    if (!concept.Parents.Contains(value))
                    {
                        concept.Parents.Add(value);
                    }

                    break;
                case "child":
                    Link(childrenOf, code, value);
                    break;
                case "status" when value is "retired" or "deprecated" or "inactive":
                case "inactive" when value == "true":
                case "deprecated" when value == "true" || value.Length > 5:
                    concept.IsInactive = true;
                    break;
                case "notSelectable" or "abstract" when value == "true":
                    concept.IsAbstract = true;
                    break;
            }
        }

        if (parent is not null)
        {
            if (!concept.Parents.Contains(parent))
            {
                concept.Parents.Add(parent);
            }

            Link(childrenOf, parent, code);
        }

        foreach (var child in json.GetArrayOrEmpty("concept"))
        {
            ReadConcept(child, code, concepts, childrenOf);
        }
    }
}

/// <summary>One concept of a code system.</summary>
public sealed class ConceptInfo(string code, string? display)
{
    public string Code { get; } = code;

    public string? Display { get; } = display;

    /// <summary>Other display texts (designations, any language).</summary>
    public List<string> Designations { get; } = [];

    public List<string> Parents { get; } = [];

    public List<string> Children { get; } = [];

    /// <summary>Concept properties as (code, value text) pairs.</summary>
    public List<(string Code, string Value)> Properties { get; } = [];

    public bool IsInactive { get; internal set; }

    public bool IsAbstract { get; internal set; }

    /// <summary>True when <paramref name="display"/> is the concept's display or a designation (case and spacing ignored).</summary>
    public bool HasDisplay(string display)
    {
        if (Display is not null && SameText(Display, display))
        {
            return true;
        }

        foreach (var designation in Designations)
        {
            if (SameText(designation, display))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Display is null ? Code : $"{Code} ({Display})";

    private static bool SameText(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
