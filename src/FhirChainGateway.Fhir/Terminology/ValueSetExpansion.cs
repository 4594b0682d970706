namespace FhirChainGateway.Fhir.Terminology;

/// <summary>
/// The codes of a ValueSet as far as the loaded definitions can enumerate them, plus the parts that cannot be
/// enumerated (a whole external system such as SNOMED CT, or a filter over one): for those, membership is
/// <see cref="Membership.Unknown"/> and the code system policy decides.
/// </summary>
public sealed class ValueSetExpansion
{
    private readonly Dictionary<string, HashSet<string>> _codes;
    private readonly Dictionary<string, string?> _displays;
    private readonly HashSet<string> _openSystems;

    internal ValueSetExpansion(
        string url,
        string? version,
        string? name,
        Dictionary<string, HashSet<string>> codes,
        Dictionary<string, string?> displays,
        HashSet<string> openSystems,
        IReadOnlyList<string> problems)
    {
        Url = url;
        Version = version;
        Name = name;
        _codes = codes;
        _displays = displays;
        _openSystems = openSystems;
        Problems = problems;
        Count = codes.Values.Sum(c => c.Count);
    }

    public string Url { get; }

    public string? Version { get; }

    public string? Name { get; }

    /// <summary>Number of enumerated codes.</summary>
    public int Count { get; }

    /// <summary>Systems included (wholly or by filter) that could not be enumerated.</summary>
    public IReadOnlyCollection<string> OpenSystems => _openSystems;

    /// <summary>True when every member is enumerated (no open systems): a code not listed is not a member.</summary>
    public bool IsComplete => _openSystems.Count == 0;

    /// <summary>What went wrong while expanding (unknown imports, unknown code systems...).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The systems with enumerated codes.</summary>
    public IEnumerable<string> Systems => _codes.Keys;

    public string DisplayName => Name is null ? Url : $"'{Name}' ({Url}{(Version is null ? string.Empty : "|" + Version)})";

    /// <summary>Membership of a code in a system; <paramref name="system"/> null means "any system" (a bare code).</summary>
    public Membership Contains(string? system, string code)
    {
        if (system is null)
        {
            foreach (var codes in _codes.Values)
            {
                if (codes.Contains(code))
                {
                    return Membership.Member;
                }
            }

            return _openSystems.Count > 0 ? Membership.Unknown : Membership.NotMember;
        }

        if (_codes.TryGetValue(system, out var set) && set.Contains(code))
        {
            return Membership.Member;
        }

        return _openSystems.Contains(system) ? Membership.Unknown : Membership.NotMember;
    }

    /// <summary>The system of a bare code when exactly one enumerated system has it.</summary>
    public string? SystemOf(string code)
    {
        string? found = null;
        foreach (var (system, codes) in _codes)
        {
            if (codes.Contains(code))
            {
                if (found is not null)
                {
                    return null;
                }

                found = system;
            }
        }

        return found;
    }

    /// <summary>The display the expansion lists for a code, when it names one.</summary>
    public string? DisplayOf(string system, string code) => _displays.GetValueOrDefault(system + "|" + code);

    /// <summary>Every enumerated (system, code) pair.</summary>
    public IEnumerable<(string System, string Code)> Codes()
    {
        foreach (var (system, codes) in _codes)
        {
            foreach (var code in codes)
            {
                yield return (system, code);
            }
        }
    }
}

/// <summary>Whether a code is in a value set.</summary>
public enum Membership
{
    NotMember,
    Member,

    /// <summary>The value set includes codes the loaded definitions cannot enumerate (an external system or filter).</summary>
    Unknown,
}
