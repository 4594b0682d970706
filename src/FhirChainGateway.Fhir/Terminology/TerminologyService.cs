using System.Collections.Concurrent;
using System.Text.Json;

namespace FhirChainGateway.Fhir.Terminology;

/// <summary>
/// Code lookups and ValueSet membership over the loaded definitions, with the <see cref="ExternalCodeSystems"/>
/// policy for systems that cannot be enumerated. Caches parsed code systems and expansions; thread-safe.
/// </summary>
public sealed class TerminologyService
{
    private readonly Func<string, JsonElement?> _findValueSet;
    private readonly Func<string, JsonElement?> _findCodeSystem;
    private readonly ConcurrentDictionary<string, CodeSystemInfo?> _codeSystems = new(StringComparer.Ordinal);

    /// <param name="findValueSet">ValueSet JSON by canonical URL (optionally <c>|version</c>).</param>
    /// <param name="findCodeSystem">CodeSystem JSON by canonical URL (optionally <c>|version</c>).</param>
    public TerminologyService(Func<string, JsonElement?> findValueSet, Func<string, JsonElement?> findCodeSystem)
    {
        _findValueSet = findValueSet ?? throw new ArgumentNullException(nameof(findValueSet));
        _findCodeSystem = findCodeSystem ?? throw new ArgumentNullException(nameof(findCodeSystem));
        Expander = new ValueSetExpander(findValueSet, FindCodeSystem);
    }

    public ValueSetExpander Expander { get; }

    /// <summary>A code system by canonical URL (a <c>|version</c> suffix is ignored when that version is not loaded).</summary>
    public CodeSystemInfo? FindCodeSystem(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _codeSystems.GetOrAdd(url, key => _findCodeSystem(key) is { } json ? CodeSystemInfo.Read(json) : null);
    }

    /// <summary>The expansion of a ValueSet, or null when it is unknown.</summary>
    public ValueSetExpansion? Expand(string valueSetUrl) => Expander.Expand(valueSetUrl);

    /// <summary>True when the URL names a ValueSet (a common mistake in Coding.system).</summary>
    public bool IsValueSet(string url) => _findValueSet(url) is not null;

    /// <summary>Looks a code up in its code system, applying the external-system policy when the system is not loaded.</summary>
    public CodeLookup Lookup(string system, string code)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(code);
        var codeSystem = FindCodeSystem(system);
        if (codeSystem is not null && codeSystem.Content is not ("not-present" or "supplement") && !codeSystem.IsEmpty)
        {
            if (codeSystem.Find(code) is { } concept)
            {
                return new CodeLookup(CodeLookupStatus.Found, codeSystem, concept, null);
            }

            return codeSystem.IsComplete
                ? new CodeLookup(CodeLookupStatus.UnknownCode, codeSystem, null, null)
                : new CodeLookup(CodeLookupStatus.NotVerified, codeSystem, null, null);
        }

        if (ExternalCodeSystems.IsExternal(system) || codeSystem is not null)
        {
            var check = ExternalCodeSystems.Check(system, code);
            return new CodeLookup(check.Status == ExternalCodeStatus.Invalid ? CodeLookupStatus.InvalidSyntax : CodeLookupStatus.NotVerified, codeSystem, null, check);
        }

        return new CodeLookup(CodeLookupStatus.UnknownSystem, null, null, null);
    }
}

/// <summary>The result of looking a code up in its system.</summary>
public sealed record CodeLookup(CodeLookupStatus Status, CodeSystemInfo? CodeSystem, ConceptInfo? Concept, ExternalCodeCheck? External);

public enum CodeLookupStatus
{
    /// <summary>The code system is loaded and defines the code.</summary>
    Found,

    /// <summary>The code system is loaded, complete, and does not define the code.</summary>
    UnknownCode,

    /// <summary>An external system (or a fragment) whose codes cannot all be checked here; syntax, where it has rules, was fine.</summary>
    NotVerified,

    /// <summary>An external system whose syntax rules the code breaks.</summary>
    InvalidSyntax,

    /// <summary>Nothing is known about the system.</summary>
    UnknownSystem,
}
