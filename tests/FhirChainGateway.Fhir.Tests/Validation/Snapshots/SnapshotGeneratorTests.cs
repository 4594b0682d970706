using System.Text;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Tests.Validation.Snapshots;

/// <summary>Snapshots generated from differentials: expansion into types, slices, the choice shorthand, content references.</summary>
[Collection(ValidationCollection.Name)]
public sealed class SnapshotGeneratorTests(ValidationFixture fixture)
{
    [Fact]
    public void Differential_elements_reach_into_types_and_new_slices_copy_the_sliced_element()
    {
        var profile = Generate("""
            {"id":"Observation.code.coding","path":"Observation.code.coding","slicing":{"discriminator":[{"type":"value","path":"code"}],"rules":"open"}},
            {"id":"Observation.code.coding:loinc","path":"Observation.code.coding","sliceName":"loinc","min":1},
            {"id":"Observation.code.coding:loinc.system","path":"Observation.code.coding.system","fixedUri":"http://loinc.org"}
            """);

        profile.SnapshotGenerated.ShouldBeTrue();
        profile.Problems.ShouldBeEmpty();
        var coding = profile.FindByKey("Observation.code.coding").ShouldNotBeNull();
        coding.Slicing.ShouldNotBeNull().Discriminators.ShouldHaveSingleItem().Path.ShouldBe("code");
        var slice = coding.Slices.ShouldHaveSingleItem();
        slice.Key.ShouldBe("Observation.code.coding:loinc");
        slice.Min.ShouldBe(1);
        slice.Children.Select(c => c.Name).ShouldBe(["id", "extension", "system", "version", "code", "display", "userSelected"]);
        slice.FindChild("system")!.Fixed!.Value.GetString().ShouldBe("http://loinc.org");

        // The sliced element itself still leaves its children to the Coding type.
        coding.Children.ShouldBeEmpty();
    }

    [Fact]
    public void The_choice_shorthand_constrains_the_choice_restricted_to_that_type()
    {
        var profile = Generate("""
            {"id":"Observation.valueQuantity","path":"Observation.valueQuantity","min":1},
            {"id":"Observation.valueQuantity.system","path":"Observation.valueQuantity.system","fixedUri":"http://unitsofmeasure.org"}
            """);

        var value = profile.FindByKey("Observation.value[x]").ShouldNotBeNull();
        value.Min.ShouldBe(1);
        value.Types.Select(t => t.Code).ShouldBe(["Quantity"]);
        profile.FindByKey("Observation.value[x].system")!.Fixed!.Value.GetString().ShouldBe("http://unitsofmeasure.org");
    }

    [Fact]
    public void Invariants_are_added_to_the_inherited_ones()
    {
        var profile = Generate("""
            {"id":"Observation.status","path":"Observation.status","constraint":[{"key":"test-1","severity":"error","human":"final only","expression":"$this = 'final'"}]}
            """);

        var keys = profile.FindByKey("Observation.status")!.Constraints.Select(c => c.Key).ToList();
        keys.ShouldContain("ele-1");
        keys.ShouldContain("test-1");
    }

    [Fact]
    public void Content_references_expand_from_the_base_definition()
    {
        var profile = Generate(
            """
            {"id":"Parameters.parameter.name","path":"Parameters.parameter.name","patternString":"outer"},
            {"id":"Parameters.parameter.part.name","path":"Parameters.parameter.part.name","patternString":"inner"}
            """,
            type: "Parameters");

        profile.FindByKey("Parameters.parameter.name")!.Pattern!.Value.GetString().ShouldBe("outer");
        profile.FindByKey("Parameters.parameter.part.name")!.Pattern!.Value.GetString().ShouldBe("inner");
    }

    [Fact]
    public void Our_own_differential_profiles_get_snapshots()
    {
        var local = fixture.Definitions.Structures.Where(s => s.Origin == FhirChainGateway.Fhir.Definitions.DefinitionOrigin.Local).ToList();

        local.ShouldNotBeEmpty();
        foreach (var definition in local)
        {
            var profile = fixture.Resources.FindProfile(definition.Url).ShouldNotBeNull(definition.Url);
            profile.SnapshotGenerated.ShouldBeTrue(definition.Url);
            profile.Problems.ShouldBeEmpty(definition.Url);
            if (profile.IsExtension)
            {
                profile.FindByKey("Extension.url")!.Fixed!.Value.GetString().ShouldBe(definition.Url);
                profile.FindByKey("Extension.value[x]").ShouldNotBeNull();
            }
        }
    }

    [Fact]
    public void A_differential_element_that_matches_nothing_is_reported_not_thrown()
    {
        var profile = Generate("""{"id":"Observation.nonsense","path":"Observation.nonsense","min":1}""");

        profile.Problems.ShouldContain(p => p.Contains("Observation.nonsense"));
    }

    private StructureProfile Generate(string elements, string type = "Observation")
    {
        var url = "http://example.org/fhir/StructureDefinition/" + Guid.NewGuid().ToString("N");
        var json = $$$"""
            {"resourceType":"StructureDefinition","url":"{{{url}}}","name":"T","status":"draft","kind":"resource","abstract":false,"type":"{{{type}}}",
             "baseDefinition":"http://hl7.org/fhir/StructureDefinition/{{{type}}}","derivation":"constraint",
             "differential":{"element":[{"id":"{{{type}}}","path":"{{{type}}}"},{{{elements}}}]}}
            """;
        var set = new ConformanceResourceSet(fixture.Definitions);
        set.AddJson(Encoding.UTF8.GetBytes(json), "test");
        return fixture.Resources.WithAdditional(set).FindProfile(url).ShouldNotBeNull();
    }
}
