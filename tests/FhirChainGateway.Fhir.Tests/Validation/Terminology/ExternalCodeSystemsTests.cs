using FhirChainGateway.Fhir.Terminology;

namespace FhirChainGateway.Fhir.Tests.Validation.Terminology;

/// <summary>The syntax rules applied to codes of terminologies that are not loaded.</summary>
public sealed class ExternalCodeSystemsTests
{
    [Theory]
    [InlineData("8867-4", ExternalCodeStatus.Plausible)]
    [InlineData("29463-7", ExternalCodeStatus.Plausible)]
    [InlineData("85354-9", ExternalCodeStatus.Plausible)]
    [InlineData("LP7839-6", ExternalCodeStatus.Plausible)]
    [InlineData("8867-5", ExternalCodeStatus.Invalid)]
    [InlineData("8867", ExternalCodeStatus.Invalid)]
    [InlineData("1271AAAAAAAAAAAA", ExternalCodeStatus.Invalid)]
    public void LOINC_codes_need_a_valid_check_digit(string code, ExternalCodeStatus expected) =>
        ExternalCodeSystems.Check(ExternalCodeSystems.Loinc, code).Status.ShouldBe(expected);

    [Theory]
    [InlineData("22298006", ExternalCodeStatus.Plausible)]
    [InlineData("38341003", ExternalCodeStatus.Plausible)]
    [InlineData("415818006", ExternalCodeStatus.Plausible)]
    [InlineData("415818005", ExternalCodeStatus.Invalid)]
    [InlineData("12345", ExternalCodeStatus.Invalid)]
    [InlineData("look up value", ExternalCodeStatus.Invalid)]
    [InlineData("22298006:363698007=38266002", ExternalCodeStatus.Plausible)]
    public void SNOMED_CT_identifiers_need_a_valid_Verhoeff_check_digit(string code, ExternalCodeStatus expected) =>
        ExternalCodeSystems.Check(ExternalCodeSystems.Snomed, code).Status.ShouldBe(expected);

    [Theory]
    [InlineData("mg/dL", ExternalCodeStatus.Valid)]
    [InlineData("/min", ExternalCodeStatus.Valid)]
    [InlineData("kg/m2", ExternalCodeStatus.Valid)]
    [InlineData("mm[Hg]", ExternalCodeStatus.Valid)]
    [InlineData("10*3/uL", ExternalCodeStatus.Valid)]
    [InlineData("{score}", ExternalCodeStatus.Valid)]
    [InlineData("21612-7", ExternalCodeStatus.Invalid)]
    [InlineData("mg//dL", ExternalCodeStatus.Invalid)]
    [InlineData("[ft_i", ExternalCodeStatus.Invalid)]
    [InlineData("whatever", ExternalCodeStatus.Plausible)]
    public void UCUM_units_follow_the_grammar_and_the_unit_table(string unit, ExternalCodeStatus expected) =>
        ExternalCodeSystems.Check(ExternalCodeSystems.Ucum, unit).Status.ShouldBe(expected);

    [Theory]
    [InlineData("en", true)]
    [InlineData("en-US", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("de-CH-1996", true)]
    [InlineData("en_US", false)]
    [InlineData("english!", false)]
    public void BCP_47_tags_follow_RFC_5646(string tag, bool valid) =>
        (ExternalCodeSystems.Check(ExternalCodeSystems.Bcp47, tag).Status == ExternalCodeStatus.Plausible).ShouldBe(valid);

    [Theory]
    [InlineData("application/fhir+json", true)]
    [InlineData("application/fhir+json;canonicalization=http://hl7.org/fhir/canonicalization/json", true)]
    [InlineData("image/png", true)]
    [InlineData("json", false)]
    [InlineData("nonsense/type", false)]
    public void MIME_types_need_a_type_and_subtype(string code, bool valid) =>
        (ExternalCodeSystems.Check(ExternalCodeSystems.Mime, code).Status == ExternalCodeStatus.Plausible).ShouldBe(valid);

    [Fact]
    public void Systems_without_rules_are_accepted_unverified()
    {
        ExternalCodeSystems.Check("http://example.org/anything", "x").Status.ShouldBe(ExternalCodeStatus.NoRules);
        ExternalCodeSystems.IsExternal(ExternalCodeSystems.Snomed).ShouldBeTrue();
        ExternalCodeSystems.IsExternal("http://terminology.hl7.org/CodeSystem/v2-0203").ShouldBeFalse();
    }
}
