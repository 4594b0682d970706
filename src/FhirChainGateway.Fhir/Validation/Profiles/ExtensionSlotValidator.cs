using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles;

/// <summary>
/// The extensions of one element: each is matched by url to a slice of the profile (then validated against that
/// slice and its extension definition) or else resolved by url among the loaded extension definitions, checked for
/// where it may be used and whether it is a modifier, and validated against its definition. Unknown extensions follow
/// <see cref="ProfileValidatorOptions.UnknownExtensions"/> (unknown modifier extensions are always errors) and still get
/// the structural checks of the base Extension type.
/// </summary>
internal static partial class ExtensionSlotValidator
{
    public static void Validate(ElementNode parent, ChildSlot slot, ValidationRun run)
    {
        var def = slot.Def;
        var modifierSlot = def.Name == "modifierExtension";
        var slices = def.Slices;
        var sliceCounts = slices.Count > 0 ? new int[slices.Count] : null;
        var closed = def.Slicing?.Rules == SlicingRules.Closed;
        foreach (var extension in parent.ChildrenNamed(def.Name))
        {
            if (run.IsFull)
            {
                return;
            }

            var url = extension.ChildText("url");
            var matched = url is null ? -1 : FindSlice(slices, url, run);
            if (matched >= 0)
            {
                sliceCounts![matched]++;
                ProfileWalker.ValidateElement(extension, slices[matched], run);
                continue;
            }

            if (url is null)
            {
                run.Error("structure", "Extension.url is required in order to identify, use and validate the extension.", extension);
                ProfileWalker.ValidateElement(extension, def, run);
                continue;
            }

            if (closed)
            {
                run.Error("structure", $"This element does not match any known slice defined in the profile{ValidationRun.From(def)} and slicing is CLOSED: the extension {url} is not allowed here.", extension);
            }

            if (!IsAbsolute(url))
            {
                if (parent.InstanceType == "Extension")
                {
                    if (def.Owner is { IsExtension: true } owner)
                    {
                        run.Error("structure", $"Sub-extension url '{url}' is not defined by the Extension {owner.VersionedUrl}.", extension);
                    }
                }
                else
                {
                    run.Error("value", $"Extension.url must be an absolute URL ('{url}').", extension);
                }

                ProfileWalker.ValidateElement(extension, def, run);
                continue;
            }

            var definition = run.Resources.FindProfile(url);
            if (definition is { IsExtension: true })
            {
                ExtensionContexts.Check(definition, parent, extension, run);
                if (definition.IsModifierExtension != modifierSlot)
                {
                    run.Error("structure", definition.IsModifierExtension
                        ? $"The Extension '{url}' must not be used as an extension (it's a modifierExtension)."
                        : $"The Extension '{url}' must not be used as a modifierExtension (it's a regular extension).", extension);
                }

                ProfileWalker.RunChecks(def, extension, run);
                ProfileWalker.ValidateAgainstRoot(extension, definition, run);
                continue;
            }

            if (definition is null && IsCrossVersionUrl(url))
            {
                // Extensions standing for elements of other FHIR versions (http://hl7.org/fhir/5.0/StructureDefinition/extension-X.y):
                // defined by the specification itself, so not unknown; their structure is checked as an Extension.
                ProfileWalker.ValidateElement(extension, def, run);
                continue;
            }

            ReportUnknown(url, extension, modifierSlot, definition is not null, run);
            ProfileWalker.ValidateElement(extension, def, run);
        }

        if (sliceCounts is null)
        {
            return;
        }

        for (var s = 0; s < slices.Count; s++)
        {
            var slice = slices[s];
            if (sliceCounts[s] < slice.Min)
            {
                run.Error("required", $"{slice.Key}: minimum required = {slice.Min}, but only found {sliceCounts[s]}{ValidationRun.From(slice)}.", parent);
            }
            else if (slice.Max is { } max && sliceCounts[s] > max)
            {
                run.Error("structure", $"{slice.Key}: max allowed = {max}, but found {sliceCounts[s]}{ValidationRun.From(slice)}.", parent);
            }
        }
    }

    /// <summary>The extension URL a slice stands for: its fixed url, else the profile of its Extension type.</summary>
    public static string? SliceUrl(ElementDef slice)
    {
        if (slice.FindChild("url")?.Fixed is { } fixedUrl && fixedUrl.Value.ValueKind == System.Text.Json.JsonValueKind.String)
        {
            return fixedUrl.Value.GetString();
        }

        foreach (var type in slice.Types)
        {
            if (type.Profiles.Count > 0)
            {
                var profile = type.Profiles[0];
                var bar = profile.IndexOf('|', StringComparison.Ordinal);
                return bar > 0 ? profile[..bar] : profile;
            }
        }

        return null;
    }

    private static int FindSlice(IReadOnlyList<ElementDef> slices, string url, ValidationRun run)
    {
        for (var i = 0; i < slices.Count; i++)
        {
            if (SliceUrl(slices[i]) == url)
            {
                return i;
            }
        }

        return -1;
    }

    internal static bool IsCrossVersionUrl(string url) => CrossVersion().IsMatch(url);

    [System.Text.RegularExpressions.GeneratedRegex(@"^http://hl7\.org/fhir/(1\.0|1\.4|3\.0|4\.0|4\.3|5\.0|6\.0)/StructureDefinition/extension-[A-Z][A-Za-z0-9]*(\.[a-zA-Z0-9\[\]]+)*$")]
    private static partial System.Text.RegularExpressions.Regex CrossVersion();

    private static bool IsAbsolute(string url) => url.Contains(':', StringComparison.Ordinal);

    private static void ReportUnknown(string url, ElementNode extension, bool modifier, bool notAnExtension, ValidationRun run)
    {
        if (notAnExtension)
        {
            run.Error("structure", $"The URL {url} names a StructureDefinition that is not an extension definition.", extension);
            return;
        }

        if (run.Options.RejectExampleUrls && IsExampleUrl(url))
        {
            run.Error("value", $"Example URLs are not allowed in this context ({url}).", extension);
        }

        var severity = modifier ? IssueSeverity.Error : run.Options.UnknownExtensions switch
        {
            UnknownExtensionPolicy.Error => IssueSeverity.Error,
            UnknownExtensionPolicy.Warning => IssueSeverity.Warning,
            UnknownExtensionPolicy.Information => IssueSeverity.Information,
            _ => (IssueSeverity?)null,
        };
        if (severity is { } level)
        {
            run.Report(level, "structure", level == IssueSeverity.Error
                ? $"The {(modifier ? "modifier " : string.Empty)}extension {url} could not be found so is not allowed here."
                : $"The extension {url} is unknown; only its structure was checked.", extension);
        }
    }

    internal static bool IsExampleUrl(string url) =>
        url.Contains("example.org", StringComparison.OrdinalIgnoreCase) || url.Contains("acme.com", StringComparison.OrdinalIgnoreCase);
}
