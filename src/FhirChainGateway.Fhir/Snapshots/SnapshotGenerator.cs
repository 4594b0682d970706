using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Snapshots;

/// <summary>
/// Generates the snapshot of a StructureDefinition that has only a differential: the base profile's snapshot with
/// each differential element applied in order. Elements the base leaves to their type (<c>Observation.code.coding</c>
/// under a CodeableConcept) are expanded from the type's definition (or its profile) when the differential reaches
/// into them; new slices start as copies of the sliced element and its children; the choice shorthand
/// (<c>Observation.valueQuantity</c>) becomes a type slice of <c>value[x]</c>, as R4 defines it.
/// </summary>
/// <remarks>
/// Properties a differential states replace the base's (types, cardinality, fixed/pattern values, binding, slicing,
/// limits); invariants are added to the inherited ones. What cannot be applied is reported in
/// <see cref="SnapshotResult.Problems"/> rather than thrown: a partly wrong profile still validates what it can.
/// </remarks>
internal sealed class SnapshotGenerator
{
    private const int MaxExpansionDepth = 32;

    private readonly Func<string, StructureProfile?> _resolveProfile;

    // Per Generate call: the base (content references expand from it, not from the half-constrained work list)
    // and the choices already restricted by a shorthand path (valueQuantity), with the type they were restricted to.
    private StructureProfile? _baseProfile;
    private Dictionary<string, string> _renamedChoices = new(StringComparer.Ordinal);

    /// <param name="resolveProfile">Finds a profile (with its snapshot, generating it if needed) by canonical URL; core types by their URL.</param>
    public SnapshotGenerator(Func<string, StructureProfile?> resolveProfile)
    {
        _resolveProfile = resolveProfile;
    }

    public SnapshotResult Generate(JsonElement structureDefinition, StructureProfile baseProfile)
    {
        var problems = new List<string>();
        _baseProfile = baseProfile;
        _renamedChoices = new Dictionary<string, string>(StringComparer.Ordinal);
        var type = structureDefinition.GetStringOrNull("type") ?? baseProfile.Type;
        var work = new List<ElementDef>(baseProfile.Elements.Count + 16);
        foreach (var element in baseProfile.Elements)
        {
            work.Add(element);
        }

        // A specialization (a logical model or custom type) renames the base's root: Element.id becomes MyModel.id.
        if (!string.Equals(baseProfile.Type, type, StringComparison.Ordinal))
        {
            for (var i = 0; i < work.Count; i++)
            {
                work[i] = Rebase(work[i], baseProfile.Type, baseProfile.Type, type, type);
            }
        }

        var differential = structureDefinition.GetObjectOrDefault("differential").GetArrayOrEmpty("element").ToList();
        var lastKeyForPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = true;
        foreach (var json in differential)
        {
            var diff = ElementDefReader.Read(json);
            var facts = ElementDefReader.Facts(json);
            if (!diff.Path.StartsWith(type, StringComparison.Ordinal))
            {
                problems.Add($"Differential element '{diff.Path}' is not in type {type}; ignored.");
                continue;
            }

            string key;
            if (first && !diff.Path.Contains('.', StringComparison.Ordinal))
            {
                key = diff.Path;
            }
            else
            {
                key = DifferentialKey(diff, json.GetStringOrNull("id"), lastKeyForPath);
            }

            first = false;
            key = Normalize(work, key, diff, problems);
            lastKeyForPath[diff.Path] = key;
            var index = Locate(work, key, problems, 0);
            if (index < 0)
            {
                problems.Add($"Differential element '{key}' matches nothing in the base {baseProfile.Url}; ignored.");
                continue;
            }

            work[index] = Merge(work[index], diff, facts);
        }

        AddImpliedTypeSlicing(work);
        return new SnapshotResult(ProfileTreeBuilder.AssignKeys(work), problems);
    }

    /// <summary>The key of a differential element: its id when consistent with its path, else derived from the path.</summary>
    private static string DifferentialKey(ElementDef diff, string? declaredId, Dictionary<string, string> lastKeyForPath)
    {
        if (declaredId is not null && ProfileTreeBuilder.PathOfKey(declaredId) == diff.Path)
        {
            var lastSegment = declaredId[(declaredId.LastIndexOf('.') + 1)..];
            if (diff.SliceName is null || lastSegment.EndsWith(":" + diff.SliceName, StringComparison.Ordinal) || lastSegment.EndsWith("/" + diff.SliceName, StringComparison.Ordinal))
            {
                return declaredId;
            }
        }

        var lastDot = diff.Path.LastIndexOf('.');
        var parentPath = diff.Path[..lastDot];
        var parentKey = lastKeyForPath.GetValueOrDefault(parentPath) ?? parentPath;
        var key = parentKey + "." + diff.Path[(lastDot + 1)..];
        return diff.SliceName is null ? key : key + ":" + diff.SliceName;
    }

    /// <summary>
    /// Rewrites choice shorthand segments (<c>valueQuantity</c>) to type slices of the choice (<c>value[x]:valueQuantity</c>),
    /// creating the slice when it does not exist yet.
    /// </summary>
    private string Normalize(List<ElementDef> work, string key, ElementDef diff, List<string> problems)
    {
        var segments = ProfileTreeBuilder.SplitKey(key);
        var prefix = segments[0];
        for (var i = 1; i < segments.Count; i++)
        {
            var segment = segments[i];
            var candidate = prefix + "." + segment;
            var colon = segment.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? segment : segment[..colon];
            if (IndexOfKey(work, candidate) < 0)
            {
                // The parent may still be unexpanded (its children come from its type).
                var parentIndex = Locate(work, prefix, problems, 0);
                if (parentIndex >= 0 && !HasChildren(work, parentIndex))
                {
                    Expand(work, parentIndex, problems);
                }
            }

            if (!name.EndsWith("[x]", StringComparison.Ordinal) && IndexOfKey(work, candidate) < 0 && IndexOfKey(work, prefix + "." + name) < 0)
            {
                var choice = FindChoiceFor(work, prefix, name);
                if (choice is { } found)
                {
                    var (stem, typeCode) = found;
                    var choiceKey = prefix + "." + stem + "[x]";
                    var choiceIndex = IndexOfKey(work, choiceKey);
                    if (!_renamedChoices.TryGetValue(choiceKey, out var restricted) || restricted == typeCode)
                    {
                        // As R4 snapshots have it: valueQuantity constrains value[x] itself, restricted to Quantity.
                        _renamedChoices[choiceKey] = typeCode;
                        var choiceElement = work[choiceIndex];
                        if (choiceElement.Types.Count != 1 || choiceElement.Types[0].Code != typeCode)
                        {
                            work[choiceIndex] = choiceElement with { Types = [choiceElement.FindType(typeCode) ?? ElementTypeRef.Of(typeCode)] };
                        }

                        candidate = colon < 0 ? choiceKey : choiceKey + segment[colon..];
                    }
                    else
                    {
                        // A second type of the same choice: the types are united and each gets a type slice.
                        var choiceElement = work[choiceIndex];
                        var baseChoice = _baseProfile?.FindByKey(choiceKey) ?? _baseProfile?.FindByPath(choiceElement.Path);
                        var united = choiceElement.Types.ToList();
                        if (united.All(t => t.Code != typeCode))
                        {
                            united.Add(baseChoice?.FindType(typeCode) ?? ElementTypeRef.Of(typeCode));
                        }

                        work[choiceIndex] = choiceElement with { Types = united };
                        var sliceKey = choiceKey + ":" + name;
                        if (IndexOfKey(work, sliceKey) < 0)
                        {
                            CreateSlice(work, choiceIndex, name, problems);
                            var sliceIndex = IndexOfKey(work, sliceKey);
                            if (sliceIndex >= 0)
                            {
                                work[sliceIndex] = work[sliceIndex] with { Types = [ElementTypeRef.Of(typeCode)] };
                            }
                        }

                        candidate = colon < 0 ? sliceKey : sliceKey + segment[colon..];
                    }
                }
            }

            prefix = candidate;
        }

        return prefix;
    }

    private static (string Stem, string TypeCode)? FindChoiceFor(List<ElementDef> work, string parentKey, string name)
    {
        foreach (var element in work)
        {
            if (!element.IsChoice || element.SliceName is not null || !element.Key.StartsWith(parentKey + ".", StringComparison.Ordinal))
            {
                continue;
            }

            if (element.Key.Length != parentKey.Length + 1 + element.Name.Length + 3 || !name.StartsWith(element.Name, StringComparison.Ordinal))
            {
                continue;
            }

            var suffix = name[element.Name.Length..];
            if (suffix.Length == 0 || !char.IsAsciiLetterUpper(suffix[0]))
            {
                continue;
            }

            var typeCode = ElementDefReader.TypeOfSuffix(suffix);
            if (element.FindType(typeCode) is not null || element.Types.Count == 0)
            {
                return (element.Name, typeCode);
            }
        }

        return null;
    }

    /// <summary>Finds (creating slices and expanding types as needed) the element with this key; -1 when impossible.</summary>
    private int Locate(List<ElementDef> work, string key, List<string> problems, int depth)
    {
        var index = IndexOfKey(work, key);
        if (index >= 0 || depth > MaxExpansionDepth)
        {
            return index;
        }

        var (parentKey, isSlice) = ProfileTreeBuilder.ParentOf(key);
        if (parentKey is null)
        {
            return -1;
        }

        var parentIndex = Locate(work, parentKey, problems, depth + 1);
        if (parentIndex < 0)
        {
            return -1;
        }

        if (isSlice)
        {
            var lastSegment = key[(key.LastIndexOf('.') + 1)..];
            var sliceName = lastSegment[(lastSegment.IndexOf(':', StringComparison.Ordinal) + 1)..];
            CreateSlice(work, parentIndex, sliceName, problems);
            return IndexOfKey(work, key);
        }

        // The parent exists but its children do not: expand them from its type.
        if (!HasChildren(work, parentIndex))
        {
            Expand(work, parentIndex, problems);
        }

        return IndexOfKey(work, key);
    }

    /// <summary>Inserts the children of an element's type (or profile, or content reference) right after it.</summary>
    private void Expand(List<ElementDef> work, int index, List<string> problems)
    {
        var element = work[index];
        IReadOnlyList<ElementDef>? source = null;
        string? sourceRootPath = null;
        string? sourceRootKey = null;
        if (element.ContentReference is { } reference)
        {
            // From the base definition: the work list may already hold this profile's constraints on the target.
            var baseElements = _baseProfile?.Elements.ToList() ?? work;
            var targetIndex = baseElements.FindIndex(e => e.Path == reference && e.SliceName is null || e.Key == reference);
            if (targetIndex >= 0)
            {
                source = Subtree(baseElements, targetIndex);
                sourceRootPath = baseElements[targetIndex].Path;
                sourceRootKey = baseElements[targetIndex].Key;
            }
        }
        else if (element.Types.Count == 1)
        {
            var typeRef = element.Types[0];
            var profile = typeRef.Profiles.Count == 1 ? _resolveProfile(typeRef.Profiles[0]) : null;
            profile ??= _resolveProfile("http://hl7.org/fhir/StructureDefinition/" + typeRef.Code);
            if (profile is not null)
            {
                source = profile.Elements;
                sourceRootPath = profile.Root.Path;
                sourceRootKey = profile.Root.Key;
            }
        }

        if (source is null || sourceRootPath is null || sourceRootKey is null)
        {
            problems.Add($"Cannot expand the children of '{element.Key}' (types: {string.Join(", ", element.TypeCodes)}).");
            return;
        }

        var inserted = new List<ElementDef>();
        for (var i = 1; i < source.Count; i++)
        {
            inserted.Add(Rebase(source[i], sourceRootPath, sourceRootKey, element.Path, element.Key));
        }

        work.InsertRange(index + 1, inserted);
    }

    /// <summary>Adds a slice of the element at <paramref name="baseIndex"/>: a copy of it and its children, after its last slice.</summary>
    private static void CreateSlice(List<ElementDef> work, int baseIndex, string sliceName, List<string> problems)
    {
        if (baseIndex < 0)
        {
            problems.Add($"Slice '{sliceName}' has no element to slice.");
            return;
        }

        var sliced = work[baseIndex];
        var subtree = Subtree(work, baseIndex);
        var sliceKey = sliced.Key + ":" + sliceName;
        if (sliced.SliceName is not null)
        {
            // A reslice: slice "a" resliced as "a/b".
            sliceKey = sliced.Key + "/" + sliceName;
        }

        var copies = new List<ElementDef>(subtree.Count);
        for (var i = 0; i < subtree.Count; i++)
        {
            var element = subtree[i];
            var key = sliceKey + element.Key[sliced.Key.Length..];
            copies.Add(i == 0
                ? element with { Key = key, SliceName = sliced.SliceName is null ? sliceName : sliced.SliceName + "/" + sliceName, Slicing = null, Min = 0 }
                : element with { Key = key });
        }

        // After the sliced element, its children and every existing slice (and their children).
        var end = baseIndex + 1;
        while (end < work.Count && IsInGroup(work[end].Key, sliced.Key))
        {
            end++;
        }

        work.InsertRange(end, copies);
    }

    private static bool IsInGroup(string key, string groupKey) =>
        key.Length > groupKey.Length && key.StartsWith(groupKey, StringComparison.Ordinal) && key[groupKey.Length] is '.' or ':' or '/';

    /// <summary>The element at <paramref name="index"/> and its descendants (not its slices).</summary>
    private static List<ElementDef> Subtree(List<ElementDef> work, int index)
    {
        var root = work[index];
        var result = new List<ElementDef> { root };
        for (var i = index + 1; i < work.Count && IsInGroup(work[i].Key, root.Key); i++)
        {
            if (work[i].Key[root.Key.Length] == '.')
            {
                result.Add(work[i]);
            }
        }

        return result;
    }

    private static bool HasChildren(List<ElementDef> work, int index) =>
        index + 1 < work.Count && work[index + 1].Key.StartsWith(work[index].Key + ".", StringComparison.Ordinal);

    private static int IndexOfKey(List<ElementDef> work, string key)
    {
        for (var i = 0; i < work.Count; i++)
        {
            if (string.Equals(work[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static ElementDef Rebase(ElementDef element, string fromPath, string fromKey, string toPath, string toKey) => element with
    {
        Path = toPath + element.Path[fromPath.Length..],
        Key = toKey + element.Key[fromKey.Length..],
    };

    /// <summary>Applies what a differential element states to the element it constrains.</summary>
    private static ElementDef Merge(ElementDef target, ElementDef diff, DifferentialFacts facts)
    {
        var merged = target;
        if ((facts & DifferentialFacts.Min) != 0)
        {
            merged = merged with { Min = diff.Min };
        }

        if ((facts & DifferentialFacts.Max) != 0)
        {
            merged = merged with { Max = diff.Max };
        }

        if ((facts & DifferentialFacts.Type) != 0 && diff.Types.Count > 0)
        {
            merged = merged with { Types = diff.Types };
        }

        if ((facts & DifferentialFacts.Fixed) != 0)
        {
            merged = merged with { Fixed = diff.Fixed };
        }

        if ((facts & DifferentialFacts.Pattern) != 0)
        {
            merged = merged with { Pattern = diff.Pattern };
        }

        if ((facts & DifferentialFacts.MinValue) != 0)
        {
            merged = merged with { MinValue = diff.MinValue };
        }

        if ((facts & DifferentialFacts.MaxValue) != 0)
        {
            merged = merged with { MaxValue = diff.MaxValue };
        }

        if ((facts & DifferentialFacts.MaxLength) != 0)
        {
            merged = merged with { MaxLength = diff.MaxLength };
        }

        if ((facts & DifferentialFacts.Extension) != 0 && diff.MinLength is not null)
        {
            merged = merged with { MinLength = diff.MinLength };
        }

        if ((facts & DifferentialFacts.Binding) != 0 && diff.Binding is { } binding)
        {
            // A binding that names no value set only changes the strength.
            merged = merged with { Binding = binding.ValueSet is null && target.Binding is { } old ? binding with { ValueSet = old.ValueSet } : binding };
        }

        if ((facts & DifferentialFacts.Constraint) != 0 && diff.Constraints.Count > 0)
        {
            var constraints = target.Constraints.ToList();
            foreach (var constraint in diff.Constraints)
            {
                constraints.RemoveAll(c => c.Key == constraint.Key);
                constraints.Add(constraint);
            }

            merged = merged with { Constraints = constraints };
        }

        if ((facts & DifferentialFacts.Slicing) != 0 && diff.Slicing is { } slicing)
        {
            merged = merged with
            {
                Slicing = slicing.Discriminators.Count == 0 && target.Slicing is { } previous
                    ? slicing with { Discriminators = previous.Discriminators }
                    : slicing,
            };
        }

        if ((facts & DifferentialFacts.IsModifier) != 0)
        {
            merged = merged with { IsModifier = diff.IsModifier };
        }

        if ((facts & DifferentialFacts.MustSupport) != 0)
        {
            merged = merged with { MustSupport = diff.MustSupport };
        }

        if ((facts & DifferentialFacts.ContentReference) != 0 && diff.ContentReference is not null)
        {
            merged = merged with { ContentReference = diff.ContentReference };
        }

        return merged;
    }

    /// <summary>Choice elements with type slices but no slicing get the slicing R4 implies: by type, open.</summary>
    private static void AddImpliedTypeSlicing(List<ElementDef> work)
    {
        for (var i = 0; i < work.Count; i++)
        {
            var element = work[i];
            if (!element.IsChoice || element.Slicing is not null || element.SliceName is not null)
            {
                continue;
            }

            var prefix = element.Key + ":";
            for (var j = i + 1; j < work.Count && IsInGroup(work[j].Key, element.Key); j++)
            {
                if (work[j].Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    work[i] = element with { Slicing = new SlicingDef([new Discriminator(DiscriminatorType.Type, "$this")], false, SlicingRules.Open) };
                    break;
                }
            }
        }
    }
}

/// <summary>A generated snapshot (elements in order, with structural keys) and what could not be applied.</summary>
internal sealed record SnapshotResult(List<ElementDef> Elements, List<string> Problems);
