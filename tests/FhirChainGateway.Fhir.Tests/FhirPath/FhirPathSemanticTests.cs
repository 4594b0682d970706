using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.FhirPath;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirPathSemanticTests(DefinitionsFixture fixture)
{
    private readonly FhirPathCompiler _compiler = new(fixture.Definitions);

    [Theory]
    [InlineData("name.given1", "Patient", "'given1' is not an element of HumanName", 6)]
    [InlineData("contact.nam", "Patient", "'nam' is not an element of Patient.contact", 9)]
    [InlineData("valueQuantity.value", "Observation", "use value.ofType(Quantity)", 1)]
    [InlineData("(value as Period).unit", "Observation", "'unit' is not an element of Period", 19)]
    [InlineData("identifier.startsWith('x')", "Patient", "startsWith() needs a String input", 12)]
    [InlineData("birthDate + 7", "Patient", "Operator '+' cannot be applied to Date and Integer", 11)]
    [InlineData("gender.as(string1)", "Patient", "Unknown type 'string1'", 11)]
    [InlineData("name.frobnicate()", "Patient", "Unknown function 'frobnicate()'", 6)]
    [InlineData("name.substring()", "Patient", "substring() takes 1 to 2 arguments but was given 0", 6)]
    [InlineData("gender.substring('1')", "Patient", "Argument 1 of substring() must be Integer, not String", 18)]
    [InlineData("name.skip(1.5)", "Patient", "Argument 1 of skip() must be Integer, not Decimal", 11)]
    public void Errors_the_types_make_certain_are_reported_at_compile_time(string expression, string inputType, string message, int column)
    {
        var error = Should.Throw<FhirPathSemanticException>(() => _compiler.Compile(expression, inputType));

        error.Message.ShouldContain(message);
        error.Position!.Value.Column.ShouldBe(column);
    }

    [Fact]
    public void Unknown_elements_are_not_errors_when_the_input_type_is_unknown()
    {
        var compiled = _compiler.Compile("name.given1");

        compiled.ResultType.ShouldBe("?");
    }

    [Fact]
    public void A_path_naming_another_resource_type_is_empty_normally_and_an_error_in_strict_mode()
    {
        // SearchParameter expressions combine resource types, so this must compile by default.
        _compiler.Compile("Patient.name | Practitioner.name", "Patient").ResultType.ShouldContain("HumanName");

        var strict = new FhirPathCompiler(fixture.Definitions, new FhirPathCompilerOptions { Strict = true });
        Should.Throw<FhirPathSemanticException>(() => strict.Compile("Encounter.name.given", "Patient"))
            .Message.ShouldContain("never Encounter");
    }

    [Fact]
    public void A_non_boolean_iif_criterion_is_an_error_in_strict_mode_and_true_otherwise()
    {
        _compiler.Compile("iif('yes', 1, 2)").Evaluate([]).Single().Item.ShouldBe(1);

        var strict = new FhirPathCompiler(fixture.Definitions, new FhirPathCompilerOptions { Strict = true });
        Should.Throw<FhirPathSemanticException>(() => strict.Compile("iif('yes', 1, 2)")).Message.ShouldContain("needs a Boolean criterion");
    }

    [Fact]
    public void Order_dependent_functions_on_unordered_collections_are_errors_only_when_asked_for()
    {
        _compiler.Compile("children().skip(1)", "Patient").ShouldNotBeNull();

        var checking = new FhirPathCompiler(fixture.Definitions, new FhirPathCompilerOptions { CheckOrderedFunctions = true });
        Should.Throw<FhirPathSemanticException>(() => checking.Compile("children().skip(1)", "Patient"));
        Should.Throw<FhirPathSemanticException>(() => checking.Compile("descendants()[0]", "Patient"));
        checking.Compile("name.skip(1)", "Patient").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("name.given", "Patient", "string[*]")]
    [InlineData("name.first().family", "Patient", "string")]
    [InlineData("contact.name", "Patient", "HumanName[*]")]
    [InlineData("value.ofType(Quantity).value", "Observation", "decimal")]
    [InlineData("birthDate < today()", "Patient", "Boolean")]
    [InlineData("name.given.count()", "Patient", "Integer")]
    public void Static_types_follow_the_definitions(string expression, string inputType, string expectedType) =>
        _compiler.Compile(expression, inputType).ResultType.ShouldContain(expectedType);

    [Fact]
    public void Invariants_on_backbone_elements_compile_against_the_element_path()
    {
        var pat1 = _compiler.Compile("name.exists() or telecom.exists() or address.exists() or organization.exists()", "Patient.contact");

        pat1.InputType.ShouldBe("Patient.contact");
        Should.Throw<FhirPathSemanticException>(() => _compiler.Compile("birthDate.exists()", "Patient.contact"));
    }

    [Fact]
    public void Every_R4_search_parameter_expression_compiles()
    {
        var failures = new List<string>();
        foreach (var resourceType in fixture.Definitions.ResourceTypeNames)
        {
            foreach (var parameter in fixture.Definitions.SearchParametersFor(resourceType))
            {
                if (parameter.Expression is { } expression && _compiler.Validate(expression, resourceType) is { } error)
                {
                    failures.Add($"{resourceType}.{parameter.Code}: {error.Message}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public void Every_R4_core_invariant_compiles_except_the_two_the_specification_gets_wrong()
    {
        var compiler = new FhirPathCompiler(fixture.Definitions, new FhirPathCompilerOptions { AllowAsOnCollections = true });
        var failures = new List<string>();
        var compiled = 0;
        foreach (var type in fixture.Definitions.Types)
        {
            var pending = new Stack<(ElementDefinitionInfo Element, bool IsRoot)>();
            pending.Push((type.Root, true));
            while (pending.Count > 0)
            {
                var (element, isRoot) = pending.Pop();
                foreach (var constraint in element.Constraints.Where(c => c.Expression is not null))
                {
                    var context = isRoot ? type.Name : element.Path;
                    if (compiler.Validate(constraint.Expression!, context) is { } error)
                    {
                        failures.Add($"{constraint.Key}@{context}: {error.Detail}");
                    }
                    else
                    {
                        compiled++;
                    }
                }

                foreach (var child in element.Children)
                {
                    pending.Push((child, false));
                }
            }
        }

        compiled.ShouldBeGreaterThan(5000);
        // cid-0 names an element ChargeItemDefinition does not have; dom-r4b names resource types R4 does not have.
        failures.Select(f => f[..f.IndexOf('@', StringComparison.Ordinal)]).Distinct().Order().ShouldBe(["cid-0", "dom-r4b"]);
    }
}
