using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirPathFhirFunctionTests(DefinitionsFixture fixture)
{
    private const string BundleJson = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"http://example.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1","gender":"female",
             "managingOrganization":{"reference":"#org"},
             "contained":[{"resourceType":"Organization","id":"org","name":"Contained Org"}],
             "generalPractitioner":[{"reference":"Practitioner/dr"}]}},
          {"fullUrl":"urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0","resource":{"resourceType":"Practitioner","id":"dr","active":true}},
          {"fullUrl":"http://example.org/fhir/Observation/o1","resource":{"resourceType":"Observation","id":"o1","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
             "subject":{"reference":"Patient/p1"},
             "performer":[{"reference":"urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"},{"reference":"Organization/elsewhere"}]}}]}
        """;

    private readonly FhirPathHarness _host = new(fixture);

    [Fact]
    public void Resolve_finds_contained_resources_and_bundle_entries()
    {
        var bundle = _host.Parse(BundleJson);
        var patient = bundle.ChildrenNamed("entry").First().FirstChild("resource")!;
        var observation = bundle.ChildrenNamed("entry").Last().FirstChild("resource")!;

        Evaluate("managingOrganization.resolve().name", patient).ShouldBe(["Contained Org"]);
        Evaluate("generalPractitioner.resolve().active", patient).ShouldBe(["true"]);
        Evaluate("subject.resolve().gender", observation).ShouldBe(["female"]);
        Evaluate("performer.resolve().id", observation).ShouldBe(["dr"]);
        Evaluate("subject.resolve() is Patient", observation).ShouldBe(["true"]);
    }

    [Fact]
    public void Resolve_falls_back_to_the_context_resolver()
    {
        var bundle = _host.Parse(BundleJson);
        var observation = bundle.ChildrenNamed("entry").Last().FirstChild("resource")!;
        var external = _host.Parse("""{"resourceType":"Organization","id":"elsewhere","name":"From the store"}""");
        var resolver = new DictionaryResolver(new Dictionary<string, ElementNode> { ["Organization/elsewhere"] = external });

        var names = _host.Compiler.Compile("performer.resolve().ofType(Organization).name", "Observation")
            .Evaluate(observation, new EvaluationContext { Resolver = resolver });

        names.Select(n => n.ToString()).ShouldBe(["From the store"]);
    }

    [Fact]
    public void Unresolvable_typed_references_can_resolve_to_stubs_for_search_indexing()
    {
        var observation = _host.Parse(FhirPathHarness.ObservationJson);
        var compiled = _host.Compiler.Compile("subject.where(resolve() is Patient).reference", "Observation");

        compiled.Evaluate(observation).ShouldBeEmpty();
        compiled.Evaluate(observation, new EvaluationContext { ResolveReferencesToStubs = true }).Single().ToString().ShouldBe("Patient/pat1");
        _host.Compiler.Compile("subject.resolve().id", "Observation")
            .Evaluate(observation, new EvaluationContext { ResolveReferencesToStubs = true }).Single().ToString().ShouldBe("pat1");
    }

    [Fact]
    public void Expressions_that_apply_as_to_collections_need_the_R4Core_options()
    {
        var definition = _host.Parse("""
            {"resourceType":"ActivityDefinition","status":"active","useContext":[
              {"code":{"code":"focus"},"valueCodeableConcept":{"text":"first"}},
              {"code":{"code":"age"},"valueQuantity":{"value":3}},
              {"code":{"code":"focus"},"valueCodeableConcept":{"text":"second"}}]}
            """);
        // The form the published R4 search parameter had before it was rewritten with ofType().
        const string expression = "(ActivityDefinition.useContext.value as CodeableConcept)";

        Should.Throw<FhirPathEvaluationException>(() => _host.Compiler.Compile(expression, "ActivityDefinition").Evaluate(definition));
        new FhirPathCompiler(fixture.Definitions, FhirPathCompilerOptions.R4Core).Compile(expression, "ActivityDefinition")
            .Evaluate(definition).Select(v => v.Node!.ChildText("text")).ShouldBe(["first", "second"]);
    }

    [Fact]
    public void MemberOf_asks_the_value_set_hook_for_each_coding()
    {
        var membership = new RecordingMembership("http://example.org/vs/vitals", "http://loinc.org", "8867-4");
        var context = new EvaluationContext { ValueSets = membership };
        var observation = _host.Parse(FhirPathHarness.ObservationJson.Replace("29463-7", "8867-4", StringComparison.Ordinal));

        Boolean("code.memberOf('http://example.org/vs/vitals')", observation, context).ShouldBe(true);
        Boolean("code.coding.first().memberOf('http://example.org/vs/other')", observation, context).ShouldBe(false);
        Boolean("status.memberOf('http://example.org/vs/unknown')", observation, context).ShouldBeNull();
        membership.Questions.ShouldContain(("http://example.org/vs/vitals", "http://loinc.org", "8867-4"));
        membership.Questions.ShouldContain(("http://example.org/vs/unknown", null, "final"));
    }

    [Fact]
    public void MemberOf_can_use_the_ValueSets_of_the_definitions()
    {
        var terminology = new Terminology.TerminologyService(
            url => fixture.Definitions.FindValueSet(url)?.Json, url => fixture.Definitions.FindCodeSystem(url)?.Json);
        var context = new EvaluationContext { ValueSets = new TerminologyServiceHooks(terminology) };
        var patient = _host.Parse(FhirPathHarness.PatientJson);

        Boolean("gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')", patient, context).ShouldBe(true);
        Boolean("gender.memberOf('http://hl7.org/fhir/ValueSet/marital-status')", patient, context).ShouldBe(false);
        Boolean("gender.memberOf('http://example.org/no-such-value-set')", patient, context).ShouldBeNull();
    }

    [Fact]
    public void Subsumes_and_subsumedBy_ask_the_terminology_hook_within_one_system()
    {
        var context = new EvaluationContext { Subsumption = new TinyHierarchy() };
        var observation = _host.Parse(FhirPathHarness.ObservationJson);
        Boolean("code.subsumedBy(%parent)", observation, context.WithVariable("parent", [FhirPathValue.FromNode(Coding("http://loinc.org", "parent"))]))
            .ShouldBe(true);
        Boolean("code.subsumes(%parent)", observation, context.WithVariable("parent", [FhirPathValue.FromNode(Coding("http://loinc.org", "parent"))]))
            .ShouldBe(false);
        Boolean("code.subsumedBy(%other)", observation, context.WithVariable("other", [FhirPathValue.FromNode(Coding("http://snomed.info/sct", "parent"))]))
            .ShouldBe(false);
        Boolean("code.subsumedBy(%parent)", observation, new EvaluationContext().WithVariable("parent", [FhirPathValue.FromNode(Coding("http://loinc.org", "parent"))]))
            .ShouldBeNull();
    }

    [Fact]
    public void ConformsTo_answers_for_core_types_and_rejects_unknown_profiles()
    {
        var patient = _host.Parse(FhirPathHarness.PatientJson);

        Boolean("conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", patient).ShouldBe(true);
        Boolean("conformsTo('http://hl7.org/fhir/StructureDefinition/DomainResource')", patient).ShouldBe(true);
        Boolean("conformsTo('http://hl7.org/fhir/StructureDefinition/Observation')", patient).ShouldBe(false);
        Should.Throw<FhirPathEvaluationException>(() => Boolean("conformsTo('http://example.org/unknown')", patient));
    }

    [Fact]
    public void CheckModifiers_rejects_modifier_extensions_that_are_not_understood()
    {
        var patient = _host.Parse("""
            {"resourceType":"Patient","modifierExtension":[{"url":"http://example.org/do-not-use","valueBoolean":true}]}
            """);

        Evaluate("checkModifiers('http://example.org/do-not-use').id.exists()", patient).ShouldBe(["false"]);
        Should.Throw<FhirPathEvaluationException>(() => Evaluate("checkModifiers().exists()", patient))
            .Message.ShouldContain("http://example.org/do-not-use");
    }

    [Theory]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hello <b>world</b></p></div>", true)]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></div>", false)]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">Hi</p></div>", false)]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"javascript:x()\">Hi</a></div>", false)]
    public void HtmlChecks_accepts_only_safe_narrative(string div, bool expected)
    {
        var escaped = div.Replace("\"", "\\\"", StringComparison.Ordinal);
        var patient = _host.Parse($$$"""{"resourceType":"Patient","text":{"status":"generated","div":"{{{escaped}}}"}}""");

        Boolean("text.div.htmlChecks()", patient).ShouldBe(expected);
    }

    private List<string> Evaluate(string expression, ElementNode input, EvaluationContext? context = null) =>
        _host.Compiler.Compile(expression, input.InstanceType).Evaluate(input, context).Select(v => v.ToString()).ToList();

    private bool? Boolean(string expression, ElementNode input, EvaluationContext? context = null) =>
        _host.Compiler.Compile(expression, input.InstanceType).EvaluateBoolean(input, context);

    private static ElementNode Coding(string system, string code)
    {
        var coding = new ElementNode("coding", "Coding");
        coding.SetPrimitive("system", "uri", system);
        coding.SetPrimitive("code", "code", code);
        return coding;
    }

    /// <summary>LOINC 'parent' subsumes the observation's code 29463-7; nothing else is related.</summary>
    private sealed class TinyHierarchy : ICodeSubsumption
    {
        public bool? Subsumes(string system, string ancestor, string descendant) =>
            system == "http://loinc.org" && ancestor == "parent" && descendant == "29463-7";
    }

    private sealed class DictionaryResolver(Dictionary<string, ElementNode> resources) : IFhirPathResolver
    {
        public ElementNode? Resolve(string reference) => resources.GetValueOrDefault(reference);
    }

    /// <summary>Knows one ValueSet with one code and records every question it is asked.</summary>
    private sealed class RecordingMembership(string valueSet, string system, string code) : IValueSetMembership
    {
        public List<(string ValueSet, string? System, string Code)> Questions { get; } = [];

        public bool? Contains(string valueSetUrl, string? codeSystem, string value)
        {
            Questions.Add((valueSetUrl, codeSystem, value));
            if (valueSetUrl.EndsWith("unknown", StringComparison.Ordinal))
            {
                return null;
            }

            return valueSetUrl == valueSet && codeSystem == system && value == code;
        }
    }
}
