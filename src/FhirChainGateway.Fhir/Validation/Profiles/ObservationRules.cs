using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// R4 requires every Observation with a vital sign LOINC code to conform to the matching core vital signs profile,
/// whether or not it claims it in <c>meta.profile</c> (observation-vitalsigns.html).
/// </summary>
internal static class ObservationRules
{
    private const string Loinc = "http://loinc.org";

    private static readonly Dictionary<string, string> VitalSignProfiles = new(StringComparer.Ordinal)
    {
        ["85353-1"] = "vitalspanel",
        ["9279-1"] = "resprate",
        ["8867-4"] = "heartrate",
        ["2708-6"] = "oxygensat",
        ["59408-5"] = "oxygensat",
        ["8310-5"] = "bodytemp",
        ["8302-2"] = "bodyheight",
        ["9843-4"] = "headcircum",
        ["29463-7"] = "bodyweight",
        ["39156-5"] = "bmi",
        ["85354-9"] = "bp",
    };

    public static void Check(ElementNode observation, ValidationRun run)
    {
        if (observation.FirstChild("code") is not { } code)
        {
            return;
        }

        foreach (var coding in code.ChildrenNamed("coding"))
        {
            if (coding.ChildText("system") == Loinc && coding.ChildText("code") is { } loinc && VitalSignProfiles.TryGetValue(loinc, out var id))
            {
                var url = "http://hl7.org/fhir/StructureDefinition/" + id;
                var claimed = observation.FirstChild("meta")?.ChildrenNamed("profile").Any(p => p.Text == url) ?? false;
                if (!claimed && run.Resources.FindProfile(url) is not null)
                {
                    ProfileWalker.ValidateAgainstProfileUrl(observation, url, run, requested: false, observation);
                }

                return;
            }
        }
    }
}
