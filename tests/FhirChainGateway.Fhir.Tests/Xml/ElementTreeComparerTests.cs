using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>The comparer the XML corpus tests rely on does find differences (so an empty result means something).</summary>
[Collection(DefinitionsCollection.Name)]
public sealed class ElementTreeComparerTests(DefinitionsFixture fixture)
{
    private readonly FhirJsonParser _parser = new(fixture.Definitions);

    [Fact]
    public void Same_resource_with_properties_in_another_order_has_no_differences()
    {
        var a = _parser.Parse("""{"resourceType":"Patient","id":"p","active":true,"name":[{"given":["A","B"]}]}""");
        var b = _parser.Parse("""{"name":[{"given":["A","B"]}],"active":true,"resourceType":"Patient","id":"p"}""");

        ElementTreeComparer.Differences(a, b).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"p","active":false,"name":[{"given":["A","B"]}]}""", "Patient.active: text")]
    [InlineData("""{"resourceType":"Patient","id":"p","name":[{"given":["A","B"]}]}""", "Patient.active: 1 vs 0 items")]
    [InlineData("""{"resourceType":"Patient","id":"p","active":true,"name":[{"given":["B","A"]}]}""", "Patient.name[0].given[0]: text")]
    [InlineData("""{"resourceType":"Patient","id":"p","active":true,"name":[{"given":["A","B"],"_given":[{"id":"x"},null]}]}""", "Patient.name[0].given[0].id: 0 vs 1 items")]
    [InlineData("""{"resourceType":"Person","id":"p","active":true,"name":[{"given":["A","B"]}]}""", "Patient: name 'Patient' vs 'Person'")]
    public void Each_kind_of_difference_is_reported_with_its_location(string otherJson, string expected)
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","id":"p","active":true,"name":[{"given":["A","B"]}]}""");

        ElementTreeComparer.Differences(patient, _parser.Parse(otherJson)).ShouldContain(d => d.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_different_type_under_the_same_name_is_reported()
    {
        var a = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"1"}""");
        var b = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueInteger":1}""");

        ElementTreeComparer.Differences(a, b).ShouldBe(["Observation.value: type 'string' vs 'integer'"]);
    }

    [Fact]
    public void Relaxed_comparisons_accept_only_what_they_name()
    {
        var a = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.0e0},"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">&#39;a&#39;\r\n</div>"}}""");
        var b = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1},"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">'a'\n</div>"}}""");

        ElementTreeComparer.Differences(a, b).Count.ShouldBe(2);
        ElementTreeComparer.Differences(a, b, TextComparison.DecimalsByValue).ShouldHaveSingleItem().ShouldStartWith("Observation.text.div");
        ElementTreeComparer.Differences(a, b, TextComparison.XhtmlByInfoset).ShouldHaveSingleItem().ShouldStartWith("Observation.value.value");
        ElementTreeComparer.Differences(a, b, TextComparison.XhtmlLineEnds).Count.ShouldBe(2, "line ends alone do not explain &#39;");
    }

    [Theory]
    [InlineData("1.0e0", "1", true)]
    [InlineData("1E-22", "0.0000000000000000000001", true)]
    [InlineData("-1.000000000000000000E+245", "-1.000000000000000000e245", true)]
    [InlineData("0.0", "-0", true)]
    [InlineData("100", "1E2", true)]
    [InlineData("1.5", "1.05", false)]
    [InlineData("-1", "1", false)]
    [InlineData("1e", "1", false)]
    public void Decimal_texts_compare_by_exact_value(string left, string right, bool same) =>
        DecimalText.SameValue(left, right).ShouldBe(same);
}
