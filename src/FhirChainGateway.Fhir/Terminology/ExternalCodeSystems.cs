using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.FhirPath.Ucum;

namespace FhirChainGateway.Fhir.Terminology;

/// <summary>
/// The policy for code systems that cannot be enumerated from FHIR definitions (SNOMED CT, LOINC, UCUM, BCP-47
/// language tags, MIME types, RxNorm, ...). Where the system has published syntax rules the code is checked against
/// them (SNOMED CT identifiers and their Verhoeff check digit, LOINC codes and their mod-10 check digit, the UCUM
/// grammar and unit table, BCP-47 tag syntax, MIME type syntax); a code that breaks them is an error. A code that
/// passes, or one of a system without rules, is accepted with an information issue saying it was not verified
/// against the full terminology: never silently.
/// </summary>
public static partial class ExternalCodeSystems
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Bcp47 = "urn:ietf:bcp:47";
    public const string Mime = "urn:ietf:bcp:13";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Cvx = "http://hl7.org/fhir/sid/cvx";
    public const string Ndc = "http://hl7.org/fhir/sid/ndc";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Iso3166 = "urn:iso:std:iso:3166";
    public const string Iso4217 = "urn:iso:std:iso:4217";

    private static readonly HashSet<string> MimeTopLevelTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application", "audio", "example", "font", "haptics", "image", "message", "model", "multipart", "text", "video",
    };

    /// <summary>Systems known to be external terminologies (not enumerable from FHIR definitions).</summary>
    public static bool IsExternal(string system) => system switch
    {
        Snomed or Loinc or Ucum or Bcp47 or Mime or RxNorm or Cvx or Ndc or Icd10 or Icd10Cm or Iso3166 or Iso4217 => true,
        "http://www.ama-assn.org/go/cpt" or "urn:oid:2.16.840.1.113883.6.238" or "http://nucc.org/provider-taxonomy" or "http://www.whocc.no/atc" => true,
        "http://hl7.org/fhir/sid/us-npi" or "http://fdasis.nlm.nih.gov" or "http://unstats.un.org/unsd/methods/m49/m49.htm" or "urn:iso:std:iso:11073:10101" => true,
        "http://dicom.nema.org/resources/ontology/DCM" or "http://www.nlm.nih.gov/research/umls/rxnorm/" => true,
        _ => system.StartsWith("http://snomed.info/", StringComparison.Ordinal) || system.StartsWith("urn:iso:std:iso:", StringComparison.Ordinal),
    };

    /// <summary>Checks a code against the syntax rules of its system.</summary>
    public static ExternalCodeCheck Check(string system, string code)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(code);
        return system switch
        {
            Snomed => CheckSnomed(code),
            Loinc => CheckLoinc(code),
            Ucum => CheckUcum(code),
            Bcp47 => LanguageTag().IsMatch(code)
                ? ExternalCodeCheck.Plausible
                : ExternalCodeCheck.Invalid($"'{code}' is not a valid BCP-47 language tag"),
            Mime => CheckMime(code),
            RxNorm or Cvx => Digits().IsMatch(code)
                ? ExternalCodeCheck.Plausible
                : ExternalCodeCheck.Invalid($"'{code}' is not a valid {(system == Cvx ? "CVX" : "RxNorm")} code (digits only)"),
            Icd10 or Icd10Cm => Icd10Code().IsMatch(code)
                ? ExternalCodeCheck.Plausible
                : ExternalCodeCheck.Invalid($"'{code}' is not a valid ICD-10 code"),
            Iso4217 => CurrencyCode().IsMatch(code) ? ExternalCodeCheck.Plausible : ExternalCodeCheck.Invalid($"'{code}' is not an ISO 4217 currency code"),
            _ => ExternalCodeCheck.NoRules,
        };
    }

    /// <summary>Human name of a system for messages.</summary>
    public static string NameOf(string system) => system switch
    {
        Snomed => "SNOMED CT",
        Loinc => "LOINC",
        Ucum => "UCUM",
        Bcp47 => "BCP-47",
        Mime => "MIME types (BCP-13)",
        RxNorm => "RxNorm",
        Cvx => "CVX",
        Ndc => "NDC",
        Icd10 or Icd10Cm => "ICD-10",
        _ => system,
    };

    /// <summary>SCTIDs: 6-18 digits, no leading zero, a valid partition identifier and a Verhoeff check digit. Expressions are accepted.</summary>
    private static ExternalCodeCheck CheckSnomed(string code)
    {
        if (code.Length > 0 && !char.IsAsciiDigit(code[0]) || code.Contains(':', StringComparison.Ordinal) || code.Contains('|', StringComparison.Ordinal) || code.Contains('+', StringComparison.Ordinal))
        {
            // Post-coordinated expressions follow the compositional grammar; only their identifiers could be checked.
            return code.Any(char.IsAsciiDigit) ? ExternalCodeCheck.Plausible : ExternalCodeCheck.Invalid($"'{code}' is not a SNOMED CT identifier or expression");
        }

        if (code.Length is < 6 or > 18 || !code.All(char.IsAsciiDigit) || code[0] == '0')
        {
            return ExternalCodeCheck.Invalid($"'{code}' is not a valid SNOMED CT identifier (6 to 18 digits)");
        }

        return Verhoeff.IsValid(code)
            ? ExternalCodeCheck.Plausible
            : ExternalCodeCheck.Invalid($"'{code}' is not a valid SNOMED CT identifier (wrong check digit)");
    }

    /// <summary>LOINC codes (<c>12345-6</c>) and LOINC parts/answers (<c>LP1234-5</c>, <c>LA1234-5</c>) with the mod-10 check digit.</summary>
    private static ExternalCodeCheck CheckLoinc(string code)
    {
        var match = LoincCode().Match(code);
        if (!match.Success)
        {
            return ExternalCodeCheck.Invalid($"'{code}' is not a valid LOINC code (expected digits, a dash and a check digit, e.g. 8867-4)");
        }

        var digits = match.Groups["digits"].Value;
        var check = match.Groups["check"].Value[0] - '0';
        return match.Groups["prefix"].Value.Length > 0 || Mod10(digits) == check
            ? ExternalCodeCheck.Plausible
            : ExternalCodeCheck.Invalid($"'{code}' is not a valid LOINC code (wrong check digit)");
    }

    /// <summary>The LOINC check digit: the Luhn algorithm over the digits before the dash.</summary>
    internal static int Mod10(string digits)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10;
    }

    private static ExternalCodeCheck CheckUcum(string code)
    {
        if (UcumUnits.IsValid(code))
        {
            return ExternalCodeCheck.Valid;
        }

        var syntax = UcumSyntax.Check(code);
        if (syntax is not null)
        {
            return ExternalCodeCheck.Invalid($"'{code}' is not a valid UCUM unit: {syntax}");
        }

        // Grammatically a unit, but an atom our table lacks (it has the common clinical units, not all of UCUM).
        return ExternalCodeCheck.Plausible;
    }

    private static ExternalCodeCheck CheckMime(string code)
    {
        var slash = code.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !MimeType().IsMatch(code) || !MimeTopLevelTypes.Contains(code[..slash]))
        {
            return ExternalCodeCheck.Invalid($"'{code}' is not a valid MIME type (type/subtype)");
        }

        return ExternalCodeCheck.Plausible;
    }

    // RFC 5646: language[-script][-region](-variant)*(-extension)*[-privateuse], or privateuse, or a grandfathered tag.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4,8})(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?(?:-(?:[a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*(?:-[0-9a-wy-zA-WY-Z](?:-[a-zA-Z0-9]{2,8})+)*(?:-x(?:-[a-zA-Z0-9]{1,8})+)?|x(?:-[a-zA-Z0-9]{1,8})+|i-[a-zA-Z]+|[a-zA-Z]{2,3}-[a-zA-Z]{2,8}-[a-zA-Z]{2,8})$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^(?<prefix>L[APG])?(?<digits>[0-9]{1,8})-(?<check>[0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex LoincCode();

    [GeneratedRegex(@"^[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Icd10Code();

    [GeneratedRegex(@"^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(?:[^;""]+|""[^""]*""))*$", RegexOptions.CultureInvariant)]
    private static partial Regex MimeType();
}

/// <summary>The outcome of checking a code of an external system against that system's syntax rules.</summary>
public sealed record ExternalCodeCheck(ExternalCodeStatus Status, string? Problem)
{
    public static ExternalCodeCheck Valid { get; } = new(ExternalCodeStatus.Valid, null);

    public static ExternalCodeCheck Plausible { get; } = new(ExternalCodeStatus.Plausible, null);

    public static ExternalCodeCheck NoRules { get; } = new(ExternalCodeStatus.NoRules, null);

    public static ExternalCodeCheck Invalid(string problem) => new(ExternalCodeStatus.Invalid, problem);
}

public enum ExternalCodeStatus
{
    /// <summary>Fully verified (a UCUM unit the unit table knows).</summary>
    Valid,

    /// <summary>Follows the system's syntax rules; not verified against the full terminology.</summary>
    Plausible,

    /// <summary>The system has no syntax rules here; nothing could be checked.</summary>
    NoRules,

    /// <summary>Breaks the system's syntax rules.</summary>
    Invalid,
}

/// <summary>The Verhoeff check-digit algorithm SNOMED CT identifiers use.</summary>
internal static class Verhoeff
{
    private static readonly int[,] Multiplication =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly int[,] Permutation =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    public static bool IsValid(string digits)
    {
        var check = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            check = Multiplication[check, Permutation[i % 8, digit]];
        }

        return check == 0;
    }
}
