using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Tests.Support;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.TestSupport;
using Xunit.Abstractions;

namespace FhirChainGateway.Fhir.Tests.Validation.Profiles;

/// <summary>
/// The profile validator (gateway defaults: base R4 plus the core profiles the resources claim or that their codes
/// require) finds no errors in the HL7 R4 examples and the Synthea data, except where the data is really wrong and
/// the HL7 reference validator reports an error too; those files are listed with what is wrong, and their errors
/// must be exactly of that kind.
/// </summary>
[Collection(ValidationCollection.Name)]
public sealed class CorpusProfileValidationTests(ValidationFixture fixture, ITestOutputHelper output)
{
    /// <summary>HL7 examples that are invalid R4, with the kind of error the HL7 validator also reports for them.</summary>
    private static readonly Dictionary<string, string> InvalidSpecExamples = new(StringComparer.Ordinal)
    {
        // Nested display items without linkId (Questionnaire.item.linkId is 1..1).
        ["Questionnaire-qs1.json"] = "Questionnaire.item.linkId: minimum required",

        // RESTful fullUrls whose id differs from the entry resource's (the HL7 validator's Bundle rule, same wording).
        ["Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json"] = "looks like a RESTful server URL, so it must end with the correct type and id",
        ["Bundle-lri-example.json"] = "looks like a RESTful server URL, so it must end with the correct type and id",


        // v3 orderableDrugForm is case-sensitive: its codes are TAB, PATCH, VIAL, not Tab, patch, Vial.
        ["Medication-med0304.json"] = "Unknown code",
        ["Medication-med0309.json"] = "Unknown code",
        ["MedicationDispense-meddisp0301.json"] = "Unknown code",
        ["MedicationRequest-medrx0313.json"] = "Unknown code",
        ["MedicationRequest-medrx0327.json"] = "Unknown code",
        ["MedicationStatement-example002.json"] = "Unknown code",


        // A body temperature (LOINC 8310-5) must conform to the core bodytemp profile, which requires effective[x].
        ["Observation-f202.json"] = "Observation.effective[x]: minimum required",

        // "xml" and "json" are not MIME types (TestScript operation/assert content types are bound to BCP-13).
        ["TestScript-testscript-example.json"] = "is not a valid MIME type",
        ["TestScript-testscript-example-multisystem.json"] = "is not a valid MIME type",
    };

    /// <summary>
    /// HL7 examples with codes that break an external terminology's syntax: warnings with the gateway's defaults,
    /// errors with the HL7 validator's settings (its terminology server reports them as unknown codes).
    /// </summary>
    private static readonly Dictionary<string, string> InvalidExternalCodes = new(StringComparer.Ordinal)
    {
        // "123456" and "123457" are not ICD-10 codes.
        ["ChargeItem-example.json"] = "is not a valid ICD-10 code",
        ["Claim-100153.json"] = "is not a valid ICD-10 code",

        // 415818005 fails the SNOMED CT check digit (the intended concept is 415818006).
        ["MedicationDispense-meddisp0314.json"] = "not a valid SNOMED CT identifier",

        // "look up value" is not a SNOMED CT code.
        ["PlanDefinition-example-cardiology-os.json"] = "not a SNOMED CT identifier",
    };

    private readonly ProfileValidator _validator = fixture.Validator();

    public static TheoryData<string> SpecExamples => Corpus.SpecExampleFiles();

    public static TheoryData<string> SyntheaBundles => Corpus.SyntheaFiles();

    [TestDataTheory]
    [MemberData(nameof(SpecExamples))]
    public void Spec_examples_validate_against_base_R4_without_errors(string file)
    {
        var errors = Errors(file);

        if (InvalidExternalCodes.TryGetValue(Path.GetFileName(file), out var invalidCode))
        {
            errors.ShouldBeEmpty(Describe(errors));
            var strict = fixture.Validator(ProfileValidatorOptions.HL7Compatible).Validate(fixture.JsonParser.Parse(Corpus.Read(file)));
            strict.Where(i => i.Severity == IssueSeverity.Error).ShouldAllBe(e => e.Diagnostics.Contains(invalidCode));
            strict.ShouldContain(i => i.Severity == IssueSeverity.Error);
            return;
        }

        if (InvalidSpecExamples.TryGetValue(Path.GetFileName(file), out var expected))
        {
            errors.ShouldNotBeEmpty();
            errors.ShouldAllBe(e => e.Diagnostics.Contains(expected), Describe(errors));
            return;
        }

        errors.ShouldBeEmpty(Describe(errors));
    }

    /// <summary>
    /// No Synthea bundle has errors with the gateway's defaults. The HIV-module bundles of google-fhir-data-pipes carry
    /// made-up LOINC and SNOMED CT codes (<c>1271AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</c>): with the HL7 validator's settings
    /// (and in the HL7 validator, whose terminology server does not know them) they are errors, and the only ones.
    /// </summary>
    [TestDataTheory]
    [MemberData(nameof(SyntheaBundles))]
    public void Synthea_bundles_validate_against_base_R4_without_errors(string file)
    {
        var errors = Errors(file);

        errors.ShouldBeEmpty(Describe(errors));
        if (file.Contains("google-fhir-data-pipes", StringComparison.Ordinal))
        {
            var strict = fixture.Validator(ProfileValidatorOptions.HL7Compatible with { UnknownExtensions = UnknownExtensionPolicy.Warning, DisplayMismatchSeverity = IssueSeverity.Warning });
            var invalidCodes = strict.Validate(fixture.JsonParser.Parse(Corpus.Read(file))).Where(i => i.Severity == IssueSeverity.Error).ToList();
            invalidCodes.ShouldAllBe(e => e.Diagnostics.Contains("AAAAAAAA") && (e.Diagnostics.Contains("LOINC") || e.Diagnostics.Contains("SNOMED CT")), Describe(invalidCodes));
            output.WriteLine($"{file}: {invalidCodes.Count} made-up LOINC/SNOMED CT codes, errors with the HL7 validator's settings.");
        }
    }

    /// <summary>The US Core 3.1.1 examples against their profiles (in meta.profile), with US Core loaded from its package.</summary>
    [TestDataFact]
    public void US_Core_311_examples_validate_against_their_profiles()
    {
        var package = TestData.PathOf("us-core", "us_core_311.tgz")!;
        var set = new ConformanceResourceSet(fixture.Definitions);
        var info = set.LoadPackage(package);
        var validator = new ProfileValidator(new ValidationResources(fixture.Definitions, fixture.Options.DefinitionsDirectory, set));

        // What the examples themselves get wrong (the HL7 validator reports these too).
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DiagnosticReport-cardiology-report.json"] = "not a valid base64Binary",
            ["Bundle-66c8856b-ba11-4876-8aa8-467aad8c11a2.json"] = "does not resolve|looks like a RESTful server URL",
            ["Bundle-uscore-mo3.json"] = "does not resolve|must be an absolute URL",
            ["Bundle-c887e62f-6166-419f-8268-b5ecd6c7b901.json"] = "does not resolve",
            ["Observation-oxygen-saturation.json"] = "OxygenSatCode",
        };

        info.Name.ShouldBe("hl7.fhir.us.core");
        set.Examples.Count.ShouldBe(84);
        var total = 0;
        foreach (var example in set.Examples)
        {
            var resource = fixture.JsonParser.Parse(System.Text.Encoding.UTF8.GetBytes(example.Json.GetRawText()));
            var errors = validator.Validate(resource).Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal).ToList();
            total += errors.Count;
            var name = Path.GetFileName(example.Source);
            output.WriteLine($"{name}: {errors.Count} errors");
            if (expected.TryGetValue(name, out var kinds))
            {
                errors.ShouldNotBeEmpty(name);
                errors.ShouldAllBe(e => kinds.Split('|', StringSplitOptions.None).Any(e.Diagnostics.Contains), Describe(errors));
            }
            else
            {
                errors.ShouldBeEmpty($"{name}: {Describe(errors)}");
            }
        }

        output.WriteLine($"US Core 3.1.1: {set.Examples.Count} examples, {total} errors in {expected.Count} of them.");
    }

    private List<OperationOutcomeIssue> Errors(string file) =>
        _validator.Validate(fixture.JsonParser.Parse(Corpus.Read(file)))
            .Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal)
            .ToList();

    private static string Describe(IEnumerable<OperationOutcomeIssue> issues) =>
        string.Join(Environment.NewLine, issues.Take(5).Select(i => $"{i.Location}: {i.Diagnostics}"));
}
