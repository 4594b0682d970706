using FhirChainGateway.Fhir.FhirPath;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirPathQuantityTests(DefinitionsFixture fixture)
{
    private readonly FhirPathHarness _host = new(fixture);

    [Theory]
    [InlineData("1 'kg' = 1000 'g'", true)]
    [InlineData("100 'mg/dL' = 1 'g/L'", true)]
    [InlineData("5.5 'mmol/L' = 5500 'umol/L'", true)]
    [InlineData("120 'mm[Hg]' > 15 'kPa'", true)]
    [InlineData("37 'Cel' = 98.6 '[degF]'", true)]
    [InlineData("1 '[in_i]' = 2.54 'cm'", true)]
    [InlineData("2 'h' = 120 'min'", true)]
    [InlineData("1 week = 7 'd'", true)]
    [InlineData("1 year = 12 months", true)]
    [InlineData("1 year = 1 'a'", null)]
    [InlineData("30 'kg/m2' > 25 'kg/m2'", true)]
    [InlineData("1 'kg' = 1 'm'", null)]
    [InlineData("1 'kg' ~ 1 'm'", false)]
    [InlineData("1.0 'g' ~ 1049 'mg'", true)]
    [InlineData("1 '10*3/uL' = 1 '10*9/L'", true)]
    [InlineData("72 '/min' = 72 '{beats}/min'", true)]
    public void Quantities_compare_across_comparable_units(string expression, bool? expected) =>
        _host.Boolean(expression).ShouldBe(expected);

    [Theory]
    [InlineData("2 'm' * 3 'm'", "6 'm.m'")]
    [InlineData("6 'g' / 2 'L'", "3 'g/L'")]
    [InlineData("3 'm' / 150 'cm'", "2 '1'")]
    [InlineData("1 'kg' + 500 'g'", "1.5 'kg'")]
    [InlineData("3 'mg' * 2", "6 'mg'")]
    public void Quantity_arithmetic_combines_units(string expression, string expected) =>
        _host.Render(expression).ShouldBe(expected);

    [Fact]
    public void Fhir_quantities_convert_by_their_ucum_code()
    {
        const string json = FhirPathHarness.ObservationJson;

        _host.Boolean("value > 80 'kg'", json).ShouldBe(true);
        _host.Boolean("value < 85 'kg'", json).ShouldBe(true);
        _host.Boolean("value = 185 '[lb_av]'", json).ShouldBe(true);
        _host.Boolean("value.comparable(1 'g')", json).ShouldBe(true);
        _host.Boolean("value.comparable(1 'm')", json).ShouldBe(false);
    }
}
