using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirPathEvaluationTests(DefinitionsFixture fixture)
{
    private readonly FhirPathHarness _host = new(fixture);

    [Theory]
    [InlineData("name.given", "Peter, James, Jim, Peter, James")]
    [InlineData("Patient.name.where(use = 'usual').given", "Jim")]
    [InlineData("name.select(given.first())", "Peter, Jim, Peter")]
    [InlineData("name[1].given", "Jim")]
    [InlineData("name.given.distinct()", "Peter, James, Jim")]
    [InlineData("telecom.where(rank > 1).value", "(03) 3410 5613")]
    [InlineData("telecom.select(iif(use = 'mobile', $index, {}))", "1")]
    [InlineData("name.family | name.given.first()", "Chalmers, Windsor, Peter")]
    [InlineData("contact.name.family", "du Marché")]
    [InlineData("Resource.id", "pat1")]
    public void Navigation_filtering_and_projection(string expression, string expected) =>
        _host.Render(expression, FhirPathHarness.PatientJson).ShouldBe(expected);

    [Theory]
    [InlineData("true and {}", null)]
    [InlineData("false and {}", false)]
    [InlineData("true or {}", true)]
    [InlineData("{} implies false", null)]
    [InlineData("false implies {}", true)]
    [InlineData("{} xor true", null)]
    [InlineData("{} = {}", null)]
    [InlineData("{} ~ {}", true)]
    [InlineData("name.given = name.given", true)]
    [InlineData("(1 | 2) = (2 | 1)", false)]
    [InlineData("(1 | 2) ~ (2 | 1)", true)]
    [InlineData("'Peter  James' ~ 'peter james'", true)]
    [InlineData("1.10 = 1.1", true)]
    [InlineData("0.667 ~ 2.0 / 3", true)]
    [InlineData("name.first() = name.last()", false)]
    [InlineData("name.first() ~ name.first()", true)]
    public void Three_valued_logic_and_equality(string expression, bool? expected) =>
        _host.Boolean(expression, FhirPathHarness.PatientJson).ShouldBe(expected);

    [Fact]
    public void Polymorphic_elements_are_navigated_by_their_plain_name_and_typed_by_their_value()
    {
        const string json = FhirPathHarness.ObservationJson;

        _host.Render("value.unit", json).ShouldBe("lbs");
        _host.Boolean("value is Quantity", json).ShouldBe(true);
        _host.Boolean("value.is(Period)", json).ShouldBe(false);
        _host.Render("value.as(Quantity).value", json).ShouldBe("185");
        _host.Render("(value as Period).start", json).ShouldBe(string.Empty);
        _host.Boolean("effective > @2016-03-28T08:00:00Z", json).ShouldBe(true);
    }

    [Fact]
    public void Type_tests_use_the_fhir_type_hierarchy()
    {
        const string json = FhirPathHarness.PatientJson;

        _host.Boolean("gender.is(code)", json).ShouldBe(true);
        _host.Boolean("gender.is(string)", json).ShouldBe(true);
        _host.Boolean("gender.is(System.String)", json).ShouldBe(false);
        _host.Boolean("Patient.is(DomainResource)", json).ShouldBe(true);
        _host.Render("gender.type().name", json).ShouldBe("code");
        _host.Render("gender.type().namespace", json).ShouldBe("FHIR");
        _host.Render("name.ofType(HumanName).use", json).ShouldBe("official, usual, maiden");
    }

    [Fact]
    public void As_requires_a_single_item_unless_collections_are_allowed_for_R4_invariants()
    {
        Should.Throw<FhirPathEvaluationException>(() => _host.Evaluate("name.as(HumanName)", FhirPathHarness.PatientJson))
            .Message.ShouldContain("single input item");

        var lenient = new FhirPathHarness(fixture, new FhirPathCompilerOptions { AllowAsOnCollections = true });
        lenient.Evaluate("descendants().as(uri)", FhirPathHarness.PatientJson).Select(v => v.ToString())
            .ShouldBe(["http://example.org/mrn", "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "http://terminology.hl7.org/CodeSystem/v2-0131"]);
    }

    [Fact]
    public void Primitive_extensions_and_values()
    {
        const string json = FhirPathHarness.PatientJson;

        _host.Render("birthDate.extension(%`ext-patient-birthTime`).value", json).ShouldBe("1974-12-25T14:35:45-05:00");
        _host.Boolean("birthDate.hasValue()", json).ShouldBe(true);
        _host.Boolean("name.hasValue()", json).ShouldBe(false);
        var value = _host.Evaluate("birthDate.getValue()", json).Single();
        value.IsNode.ShouldBeFalse();
        value.Item.ShouldBeOfType<FhirPathDate>().ToString().ShouldBe("1974-12-25");
    }

    [Fact]
    public void Aggregate_repeat_and_sort()
    {
        _host.Render("(1 | 2 | 3 | 4).aggregate($total + $this, 0)").ShouldBe("10");
        _host.Render("(3 | 1 | 2).sort()").ShouldBe("1, 2, 3");
        _host.Render("('b' | 'c' | 'a').sort(-$this)").ShouldBe("c, b, a");
        _host.Render("name.sort(family).use", FhirPathHarness.PatientJson).ShouldBe("usual, official, maiden");
        _host.Render("contact.repeat(name | relationship).count()", FhirPathHarness.PatientJson).ShouldBe("2");
    }

    [Fact]
    public void Environment_variables_resolve_from_the_input_and_the_context()
    {
        var context = new EvaluationContext().WithVariable("threshold", [FhirPathValue.FromInteger(2)]);

        _host.Render("%resource.id", FhirPathHarness.PatientJson).ShouldBe("pat1");
        _host.Render("name.where(given.count() >= %threshold).family", FhirPathHarness.PatientJson, context).ShouldBe("Chalmers, Windsor");
        _host.Render("%ucum & '|' & %loinc").ShouldBe("http://unitsofmeasure.org|http://loinc.org");
        Should.Throw<FhirPathEvaluationException>(() => _host.Evaluate("%undefinedThing")).Message.ShouldContain("not defined");
    }

    [Theory]
    [InlineData("'abcdef'.substring(2, 3)", "cde")]
    [InlineData("'a-b-c'.replace('-', '+')", "a+b+c")]
    [InlineData("'abc123'.replaceMatches('[0-9]+', '#')", "abc#")]
    [InlineData("'Library/1'.matches('^[A-Z][a-z]+/\\\\d$')", "true")]
    [InlineData("'a,b,,c'.split(',').count()", "4")]
    [InlineData("('x' | 'y').join('+')", "x+y")]
    [InlineData("'  pad  '.trim().length()", "3")]
    [InlineData("'hi'.encode('base64').decode('base64')", "hi")]
    [InlineData("'<b>'.escape('html')", "&lt;b&gt;")]
    [InlineData("'Ab'.upper() & 'Ab'.lower()", "ABab")]
    [InlineData("'abc'.toChars().count()", "3")]
    public void String_functions(string expression, string expected) => _host.Render(expression).ShouldBe(expected);

    [Theory]
    [InlineData("7 / 2", "3.5")]
    [InlineData("7 div 2", "3")]
    [InlineData("-7 mod 3", "-1")]
    [InlineData("1 / 0", "")]
    [InlineData("2147483647 + 1", "")]
    [InlineData("(2.5).round()", "3")]
    [InlineData("3.14159.round(2)", "3.14")]
    [InlineData("(-2.5).abs()", "2.5")]
    [InlineData("16.sqrt()", "4")]
    [InlineData("2.power(10)", "1024")]
    [InlineData("1.587.lowBoundary(2)", "1.58")]
    [InlineData("1.587.highBoundary()", "1.58750000")]
    [InlineData("'12'.toInteger() + '0.5'.toDecimal()", "12.5")]
    [InlineData("'yes'.toBoolean()", "true")]
    [InlineData("'1 \\'mg\\''.toQuantity('g')", "0.001 'g'")]
    public void Math_and_conversions(string expression, string expected) => _host.Render(expression).ShouldBe(expected);

    [Fact]
    public void Runtime_errors_carry_the_position_of_the_failing_operation()
    {
        var error = Should.Throw<FhirPathEvaluationException>(() => _host.Evaluate("name.given.single()", FhirPathHarness.PatientJson));

        error.Message.ShouldContain("single() needs at most one item but got 5");
        error.Position!.Value.Column.ShouldBe(12);
        error.Expression.ShouldBe("name.given.single()");
        error.ToIssue().Code.ShouldBe("processing");
    }

    [Fact]
    public void Comparing_values_of_unrelated_types_is_an_evaluation_error()
    {
        var patient = _host.Parse(FhirPathHarness.PatientJson);
        // Compiled without the input type, so the mismatch only shows when the values meet.
        var compiled = _host.Compiler.Compile("name.first().given.first() < 3");

        Should.Throw<FhirPathEvaluationException>(() => compiled.Evaluate(patient)).Message.ShouldContain("Cannot compare");
        Should.Throw<FhirPathSemanticException>(() => _host.Compiler.Compile("name.first().given.first() < 3", "Patient"));
    }

    [Fact]
    public void Children_and_descendants_cover_the_whole_tree()
    {
        var patient = _host.Parse(FhirPathHarness.PatientJson);

        var descendants = _host.Compiler.Compile("descendants()").Evaluate(patient);

        descendants.Count.ShouldBe(patient.Descendants().Count());
        _host.Render("contact.children().count()", FhirPathHarness.PatientJson).ShouldBe("3");
    }
}
