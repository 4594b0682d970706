namespace FhirChainGateway.Fhir.Snapshots;

/// <summary>
/// Turns a flat snapshot (elements in definition order) into the profile tree: structural keys, children and slices.
/// </summary>
internal static class ProfileTreeBuilder
{
    /// <summary>
    /// Gives every element its structural key. A declared id is kept when it names the element's path; otherwise the key
    /// is derived from the path and the slice the element sits in (the most recent element at the parent path), which is
    /// how snapshots order slices and their children.
    /// </summary>
    public static List<ElementDef> AssignKeys(IReadOnlyList<ElementDef> elements)
    {
        var result = new List<ElementDef>(elements.Count);
        var lastKeyForPath = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            string key;
            if (i == 0)
            {
                key = element.Path;
            }
            else if (IsConsistentId(element.Key, element.Path, element.SliceName))
            {
                key = element.Key;
            }
            else
            {
                var lastDot = element.Path.LastIndexOf('.');
                var parentPath = lastDot < 0 ? string.Empty : element.Path[..lastDot];
                var parentKey = lastKeyForPath.GetValueOrDefault(parentPath) ?? parentPath;
                var segment = element.Path[(lastDot + 1)..];
                key = parentKey.Length == 0 ? segment : parentKey + "." + segment;
                if (element.SliceName is { } slice)
                {
                    key += ":" + slice;
                }
            }

            lastKeyForPath[element.Path] = key;
            result.Add(ReferenceEquals(element.Key, key) || element.Key == key ? element : element with { Key = key });
        }

        return result;
    }

    /// <summary>The path an element key stands for: the key without its slice names.</summary>
    public static string PathOfKey(string key)
    {
        if (!key.Contains(':', StringComparison.Ordinal))
        {
            return key;
        }

        var segments = SplitKey(key);
        for (var i = 0; i < segments.Count; i++)
        {
            var colon = segments[i].IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                segments[i] = segments[i][..colon];
            }
        }

        return string.Join('.', segments);
    }

    /// <summary>Splits a key into its segments (slice names with dots are not supported; no known profile uses them).</summary>
    public static List<string> SplitKey(string key) => [.. key.Split('.')];

    /// <summary>The parent key of a child element, or the sliced element's key for a slice entry; null for the root.</summary>
    public static (string? ParentKey, bool IsSlice) ParentOf(string key)
    {
        var lastDot = key.LastIndexOf('.');
        var lastSegment = lastDot < 0 ? key : key[(lastDot + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            // A reslice (name "a/b") belongs to slice "a".
            var slash = lastSegment.LastIndexOf('/');
            var cut = slash > colon ? slash : colon;
            return ((lastDot < 0 ? string.Empty : key[..(lastDot + 1)]) + lastSegment[..cut], true);
        }

        return lastDot < 0 ? (null, false) : (key[..lastDot], false);
    }

    /// <summary>Copies the elements (so trees of other profiles are never touched) and links children and slices.</summary>
    public static StructureProfile Build(StructureProfileHeader header, IReadOnlyList<ElementDef> flat, IReadOnlyList<string> problems)
    {
        if (flat.Count == 0)
        {
            throw new InvalidDataException($"StructureDefinition {header.Url} has no elements.");
        }

        var elements = new List<ElementDef>(flat.Count);
        var children = new Dictionary<ElementDef, List<ElementDef>>();
        var slices = new Dictionary<ElementDef, List<ElementDef>>();
        var byKey = new Dictionary<string, ElementDef>(flat.Count, StringComparer.Ordinal);
        var allProblems = new List<string>(problems);
        foreach (var original in flat)
        {
            var element = original with { };
            element.Plan = null;
            element.Children = [];
            element.Slices = [];
            element.SlicedElement = null;
            if (!byKey.TryAdd(element.Key, element))
            {
                allProblems.Add($"Duplicate element id '{element.Key}'; the later one is ignored.");
                continue;
            }

            elements.Add(element);
        }

        var root = elements[0];
        for (var i = 1; i < elements.Count; i++)
        {
            var element = elements[i];
            var (parentKey, isSlice) = ParentOf(element.Key);
            if (parentKey is null || !byKey.TryGetValue(parentKey, out var parent))
            {
                allProblems.Add($"Element '{element.Key}' has no parent element in the snapshot; ignored.");
                continue;
            }

            var target = isSlice ? slices : children;
            if (!target.TryGetValue(parent, out var list))
            {
                target[parent] = list = [];
            }

            list.Add(element);
            if (isSlice)
            {
                element.SlicedElement = parent;
            }
        }

        foreach (var (parent, list) in children)
        {
            parent.Children = list.ToArray();
        }

        foreach (var (parent, list) in slices)
        {
            parent.Slices = list.ToArray();
        }

        var profile = new StructureProfile(header, elements, root, allProblems);
        foreach (var element in elements)
        {
            element.Owner = profile;
        }

        return profile;
    }

    private static bool IsConsistentId(string id, string path, string? sliceName)
    {
        if (id.Length == 0 || id == path && sliceName is null)
        {
            return id.Length > 0;
        }

        if (PathOfKey(id) != path)
        {
            return false;
        }

        if (sliceName is null)
        {
            return true;
        }

        var lastDot = id.LastIndexOf('.');
        var lastSegment = lastDot < 0 ? id : id[(lastDot + 1)..];
        return lastSegment.EndsWith(":" + sliceName, StringComparison.Ordinal) || lastSegment.EndsWith("/" + sliceName, StringComparison.Ordinal);
    }
}
