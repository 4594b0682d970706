using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Terminology;

/// <summary>
/// Expands ValueSets from the loaded definitions: <c>compose.include</c> of whole code systems, concept lists and
/// filters (<c>is-a</c>, <c>descendent-of</c>, <c>is-not-a</c>, <c>generalizes</c>, <c>=</c>, <c>in</c>,
/// <c>regex</c>, <c>exists</c>) over code systems it knows, <c>exclude</c>, and imported <c>valueSet</c>s (intersected
/// with the include's system part, as the specification says). Parts over systems it cannot enumerate stay open
/// (<see cref="Membership.Unknown"/>). Results are cached per expander; thread-safe.
/// </summary>
public sealed class ValueSetExpander
{
    private const int MaxImportDepth = 16;

    private readonly Func<string, JsonElement?> _findValueSet;
    private readonly Func<string, CodeSystemInfo?> _findCodeSystem;
    private readonly ConcurrentDictionary<string, Lazy<ValueSetExpansion?>> _cache = new(StringComparer.Ordinal);

    /// <param name="findValueSet">A ValueSet's JSON by canonical URL (optionally <c>|version</c>).</param>
    /// <param name="findCodeSystem">A code system by canonical URL.</param>
    public ValueSetExpander(Func<string, JsonElement?> findValueSet, Func<string, CodeSystemInfo?> findCodeSystem)
    {
        _findValueSet = findValueSet;
        _findCodeSystem = findCodeSystem;
    }

    /// <summary>The expansion of a ValueSet by canonical URL, or null when the ValueSet is unknown.</summary>
    public ValueSetExpansion? Expand(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _cache.GetOrAdd(url, key => new Lazy<ValueSetExpansion?>(() => ExpandUncached(key, 0), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private ValueSetExpansion? ExpandUncached(string url, int depth)
    {
        if (ImplicitValueSet(url) is { } implicitSet)
        {
            return implicitSet;
        }

        if (_findValueSet(url) is not { } valueSet)
        {
            return null;
        }

        var problems = new List<string>();
        var set = new CodeSet();
        var compose = valueSet.GetObjectOrDefault("compose");
        if (compose.ValueKind == JsonValueKind.Object)
        {
            foreach (var include in compose.GetArrayOrEmpty("include"))
            {
                set.UnionWith(Include(include, depth, problems));
            }

            foreach (var exclude in compose.GetArrayOrEmpty("exclude"))
            {
                set.ExceptWith(Include(exclude, depth, problems));
            }
        }
        else
        {
            foreach (var contains in valueSet.GetObjectOrDefault("expansion").GetArrayOrEmpty("contains"))
            {
                AddContains(contains, set);
            }
        }

        return set.ToExpansion(valueSet.GetStringOrNull("url") ?? url, valueSet.GetStringOrNull("version"), valueSet.GetStringOrNull("title") ?? valueSet.GetStringOrNull("name"), problems);
    }

    /// <summary>SNOMED CT style implicit value sets (<c>http://snomed.info/sct?fhir_vs=isa/123</c>): open over the system.</summary>
    private static ValueSetExpansion? ImplicitValueSet(string url)
    {
        var question = url.IndexOf("?fhir_vs", StringComparison.Ordinal);
        if (question <= 0)
        {
            return null;
        }

        var set = new CodeSet();
        set.Open.Add(url[..question]);
        return set.ToExpansion(url, null, null, []);
    }

    private static void AddContains(JsonElement contains, CodeSet set)
    {
        if (contains.GetStringOrNull("system") is { } system && contains.GetStringOrNull("code") is { } code && !contains.GetBooleanOr("abstract", false))
        {
            set.Add(system, code, contains.GetStringOrNull("display"));
        }

        foreach (var child in contains.GetArrayOrEmpty("contains"))
        {
            AddContains(child, set);
        }
    }

    private CodeSet Include(JsonElement include, int depth, List<string> problems)
    {
        CodeSet? result = null;
        if (include.GetStringOrNull("system") is { } system)
        {
            result = SystemPart(system, include, problems);
        }

        foreach (var imported in include.GetStrings("valueSet"))
        {
            CodeSet part;
            if (depth >= MaxImportDepth)
            {
                problems.Add($"ValueSet import of {imported} nests too deeply (a cycle?); ignored.");
                part = new CodeSet();
            }
            else if (ExpandImport(imported, depth + 1) is { } expansion)
            {
                part = CodeSet.From(expansion);
            }
            else
            {
                problems.Add($"Imported ValueSet {imported} is unknown.");
                part = new CodeSet();
            }

            result = result is null ? part : result.IntersectWith(part);
        }

        return result ?? new CodeSet();
    }

    private ValueSetExpansion? ExpandImport(string url, int depth) =>
        _cache.TryGetValue(url, out var cached) && cached.IsValueCreated ? cached.Value : ExpandUncached(url, depth);

    private CodeSet SystemPart(string system, JsonElement include, List<string> problems)
    {
        var set = new CodeSet();
        var codeSystem = _findCodeSystem(system);
        var concepts = include.GetArrayOrEmpty("concept").ToList();
        var filters = include.GetArrayOrEmpty("filter").ToList();
        if (concepts.Count > 0)
        {
            foreach (var concept in concepts)
            {
                if (concept.GetStringOrNull("code") is not { } code)
                {
                    continue;
                }

                // A listed code keeps the spelling of the code system when it is case-insensitive.
                var known = codeSystem?.Find(code);
                set.Add(system, known?.Code ?? code, concept.GetStringOrNull("display") ?? known?.Display);
            }

            return set;
        }

        if (codeSystem is null || codeSystem.Content is "not-present" or "supplement" || codeSystem.IsEmpty)
        {
            set.Open.Add(system);
            return set;
        }

        IEnumerable<ConceptInfo> selected = codeSystem.Concepts;
        foreach (var filter in filters)
        {
            var property = filter.GetStringOrNull("property") ?? string.Empty;
            var op = filter.GetStringOrNull("op") ?? string.Empty;
            var value = filter.GetStringOrNull("value") ?? string.Empty;
            var filtered = Filter(codeSystem, selected, property, op, value);
            if (filtered is null)
            {
                problems.Add($"Filter '{property} {op} {value}' on {system} is not supported; the include stays open.");
                set.Open.Add(system);
                return set;
            }

            selected = filtered;
        }

        foreach (var concept in selected)
        {
            // Hierarchy filters select concepts; the abstract grouping headings (v3's "_ActCode") are not selectable codes.
            if (!concept.IsAbstract || filters.Count == 0)
            {
                set.Add(system, concept.Code, concept.Display);
            }
        }

        if (!codeSystem.IsComplete)
        {
            // A fragment or example lists some codes: others may exist.
            set.Open.Add(system);
        }

        return set;
    }

    private static IEnumerable<ConceptInfo>? Filter(CodeSystemInfo codeSystem, IEnumerable<ConceptInfo> input, string property, string op, string value)
    {
        var onConcept = property is "concept" or "code";
        switch (op)
        {
            case "is-a" when onConcept:
            {
                var members = codeSystem.Subsumed(value, includeSelf: true).ToHashSet();
                return input.Where(members.Contains).ToList();
            }

            case "descendent-of" when onConcept:
            {
                var members = codeSystem.Subsumed(value, includeSelf: false).ToHashSet();
                return input.Where(members.Contains).ToList();
            }

            case "is-not-a" when onConcept:
            {
                var members = codeSystem.Subsumed(value, includeSelf: true).ToHashSet();
                return input.Where(c => !members.Contains(c)).ToList();
            }

            case "generalizes" when onConcept:
                return input.Where(c => codeSystem.IsA(value, c.Code)).ToList();
            case "=" when onConcept:
                return input.Where(c => string.Equals(c.Code, value, codeSystem.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)).ToList();
            case "in" when onConcept:
            {
                var codes = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                return input.Where(c => codes.Contains(c.Code)).ToList();
            }

            case "regex" when onConcept:
            {
                var regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
                return input.Where(c => regex.IsMatch(c.Code)).ToList();
            }

            case "=":
                return input.Where(c => c.Properties.Any(p => p.Code == property && p.Value == value)
                    || property == "parent" && c.Parents.Contains(value)
                    || property == "child" && c.Children.Contains(value)).ToList();
            case "in":
            {
                var values = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                return input.Where(c => c.Properties.Any(p => p.Code == property && values.Contains(p.Value))).ToList();
            }

            case "exists":
            {
                var wanted = value != "false";
                return input.Where(c => c.Properties.Any(p => p.Code == property) == wanted).ToList();
            }

            case "regex":
            {
                var regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
                return input.Where(c => c.Properties.Any(p => p.Code == property && regex.IsMatch(p.Value))).ToList();
            }

            default:
                return null;
        }
    }

    /// <summary>A mutable set of codes by system plus the systems included without enumeration.</summary>
    private sealed class CodeSet
    {
        public Dictionary<string, HashSet<string>> Codes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string?> Displays { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Open { get; } = new(StringComparer.Ordinal);

        public static CodeSet From(ValueSetExpansion expansion)
        {
            var set = new CodeSet();
            foreach (var (system, code) in expansion.Codes())
            {
                set.Add(system, code, expansion.DisplayOf(system, code));
            }

            set.Open.UnionWith(expansion.OpenSystems);
            return set;
        }

        public void Add(string system, string code, string? display)
        {
            if (!Codes.TryGetValue(system, out var codes))
            {
                Codes[system] = codes = new HashSet<string>(StringComparer.Ordinal);
            }

            codes.Add(code);
            if (display is not null)
            {
                Displays.TryAdd(system + "|" + code, display);
            }
        }

        public void UnionWith(CodeSet other)
        {
            foreach (var (system, codes) in other.Codes)
            {
                foreach (var code in codes)
                {
                    Add(system, code, other.Displays.GetValueOrDefault(system + "|" + code));
                }
            }

            Open.UnionWith(other.Open);
        }

        /// <summary>Codes in both; an open system on one side keeps the other side's codes of that system.</summary>
        public CodeSet IntersectWith(CodeSet other)
        {
            var result = new CodeSet();
            foreach (var (system, codes) in Codes)
            {
                foreach (var code in codes)
                {
                    if (other.Open.Contains(system) || other.Codes.TryGetValue(system, out var theirs) && theirs.Contains(code))
                    {
                        result.Add(system, code, Displays.GetValueOrDefault(system + "|" + code));
                    }
                }
            }

            foreach (var (system, codes) in other.Codes)
            {
                if (Open.Contains(system))
                {
                    foreach (var code in codes)
                    {
                        result.Add(system, code, other.Displays.GetValueOrDefault(system + "|" + code));
                    }
                }
            }

            foreach (var system in Open)
            {
                if (other.Open.Contains(system))
                {
                    result.Open.Add(system);
                }
            }

            return result;
        }

        public void ExceptWith(CodeSet other)
        {
            foreach (var (system, codes) in other.Codes)
            {
                if (Codes.TryGetValue(system, out var mine))
                {
                    mine.ExceptWith(codes);
                }
            }

            foreach (var system in other.Open)
            {
                Codes.Remove(system);
            }
        }

        public ValueSetExpansion ToExpansion(string url, string? version, string? name, IReadOnlyList<string> problems) =>
            new(url, version, name, Codes, Displays, Open, problems);
    }
}
