using System.Text;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Terminology;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Fhir.Tests.Validation.Terminology;

/// <summary>ValueSet expansion from loaded definitions: whole systems, concept lists, hierarchy filters, excludes, imports.</summary>
[Collection(ValidationCollection.Name)]
public sealed class ValueSetExpanderTests(ValidationFixture fixture)
{
    private const string System = "http://example.org/cs/shapes";

    private const string CodeSystem = """
        {"resourceType":"CodeSystem","url":"http://example.org/cs/shapes","status":"active","content":"complete","caseSensitive":true,"hierarchyMeaning":"is-a",
         "concept":[
           {"code":"shape","display":"Shape","concept":[
             {"code":"polygon","display":"Polygon","concept":[{"code":"triangle","display":"Triangle"},{"code":"square","display":"Square"}]},
             {"code":"round","display":"Round","concept":[{"code":"circle","display":"Circle"}]}]}]}
        """;

    [Fact]
    public void A_whole_code_system_is_enumerated()
    {
        var expansion = Expand("""{"include":[{"system":"http://example.org/cs/shapes"}]}""");

        expansion.Count.ShouldBe(6);
        expansion.IsComplete.ShouldBeTrue();
        expansion.Contains(System, "circle").ShouldBe(Membership.Member);
        expansion.Contains(System, "hexagon").ShouldBe(Membership.NotMember);
        expansion.Contains(null, "square").ShouldBe(Membership.Member);
    }

    [Fact]
    public void Is_a_and_descendent_of_follow_the_hierarchy()
    {
        var isA = Expand("""{"include":[{"system":"http://example.org/cs/shapes","filter":[{"property":"concept","op":"is-a","value":"polygon"}]}]}""");
        var below = Expand("""{"include":[{"system":"http://example.org/cs/shapes","filter":[{"property":"concept","op":"descendent-of","value":"polygon"}]}]}""");

        isA.Codes().Select(c => c.Code).Order().ShouldBe(["polygon", "square", "triangle"]);
        below.Codes().Select(c => c.Code).Order().ShouldBe(["square", "triangle"]);
    }

    [Fact]
    public void Excludes_remove_and_concept_lists_select()
    {
        var expansion = Expand("""
            {"include":[{"system":"http://example.org/cs/shapes","filter":[{"property":"concept","op":"is-a","value":"shape"}]}],
             "exclude":[{"system":"http://example.org/cs/shapes","concept":[{"code":"shape"},{"code":"round"}]}]}
            """);
        var listed = Expand("""{"include":[{"system":"http://example.org/cs/shapes","concept":[{"code":"circle"}]}]}""");

        expansion.Codes().Select(c => c.Code).Order().ShouldBe(["circle", "polygon", "square", "triangle"]);
        listed.Codes().ShouldHaveSingleItem().Code.ShouldBe("circle");
    }

    [Fact]
    public void Imported_value_sets_are_intersected_with_the_include()
    {
        var expansion = Expand(
            """{"include":[{"system":"http://example.org/cs/shapes","filter":[{"property":"concept","op":"is-a","value":"polygon"}],"valueSet":["http://example.org/vs/some"]}]}""",
            """{"resourceType":"ValueSet","url":"http://example.org/vs/some","status":"active","compose":{"include":[{"system":"http://example.org/cs/shapes","concept":[{"code":"square"},{"code":"circle"}]}]}}""");

        expansion.Codes().ShouldHaveSingleItem().Code.ShouldBe("square");
    }

    [Fact]
    public void Systems_that_cannot_be_enumerated_stay_open()
    {
        var expansion = Expand("""{"include":[{"system":"http://snomed.info/sct","filter":[{"property":"concept","op":"is-a","value":"404684003"}]}]}""");

        expansion.IsComplete.ShouldBeFalse();
        expansion.Contains("http://snomed.info/sct", "22298006").ShouldBe(Membership.Unknown);
        expansion.Contains("http://loinc.org", "8867-4").ShouldBe(Membership.NotMember);
    }

    [Fact]
    public void Core_value_sets_expand_from_the_core_code_systems_and_are_cached()
    {
        var terminology = fixture.Resources.Terminology;

        var gender = terminology.Expand("http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1").ShouldNotBeNull();

        gender.Codes().Select(c => c.Code).Order().ShouldBe(["female", "male", "other", "unknown"]);
        terminology.Expand("http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1").ShouldBeSameAs(gender);
        terminology.Expand("http://example.org/no-such-value-set").ShouldBeNull();
    }

    private ValueSetExpansion Expand(string compose, params string[] more)
    {
        var set = new ConformanceResourceSet(fixture.Definitions);
        set.AddJson(Encoding.UTF8.GetBytes(CodeSystem), "test");
        foreach (var resource in more)
        {
            set.AddJson(Encoding.UTF8.GetBytes(resource), "test");
        }

        var url = "http://example.org/vs/" + Guid.NewGuid().ToString("N");
        set.AddJson(Encoding.UTF8.GetBytes($$"""{"resourceType":"ValueSet","url":"{{url}}","status":"active","compose":{{compose}}}"""), "test");
        return fixture.Resources.WithAdditional(set).Terminology.Expand(url).ShouldNotBeNull();
    }
}
