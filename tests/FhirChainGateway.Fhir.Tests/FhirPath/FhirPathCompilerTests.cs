using System.Text.Json;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirPathCompilerTests(DefinitionsFixture fixture)
{
    private readonly FhirPathHarness _host = new(fixture);

    [Fact]
    public void Compilations_are_cached_per_expression_and_input_type()
    {
        var compiler = new FhirPathCompiler(fixture.Definitions);

        var first = compiler.Compile("name.given", "Patient");
        var again = compiler.Compile("name.given", "Patient");
        var untyped = compiler.Compile("name.given");

        again.ShouldBeSameAs(first);
        untyped.ShouldNotBeSameAs(first);
        compiler.CachedCount.ShouldBe(2);
    }

    [Fact]
    public void The_cache_is_bounded()
    {
        var compiler = new FhirPathCompiler(null, new FhirPathCompilerOptions { CacheCapacity = 10 });

        for (var i = 0; i < 25; i++)
        {
            compiler.Compile($"{i} + 1");
        }

        compiler.CachedCount.ShouldBeLessThanOrEqualTo(10);
    }

    [Fact]
    public async Task One_compiled_expression_evaluates_concurrently()
    {
        var compiled = _host.Compiler.Compile("name.where(given.count() > 1).family.join('/') & ':' & telecom.count().toString()", "Patient");
        var patients = Enumerable.Range(0, 8).Select(_ => _host.Parse(FhirPathHarness.PatientJson)).ToArray();

        var results = await Task.WhenAll(patients.Select(patient => Task.Run(() =>
            Enumerable.Range(0, 200).Select(_ => compiled.Evaluate(patient).Single().ToString()).Distinct().ToList())));

        results.SelectMany(r => r).Distinct().ShouldBe(["Chalmers/Windsor:2"]);
    }

    [Fact]
    public void Helpers_give_booleans_nodes_and_single_values()
    {
        var patient = _host.Parse(FhirPathHarness.PatientJson);
        var compiler = _host.Compiler;

        compiler.Compile("name.exists()", "Patient").IsTrue(patient).ShouldBeTrue();
        compiler.Compile("link.exists()", "Patient").EvaluateBoolean(patient).ShouldBe(false);
        compiler.Compile("deceased", "Patient").EvaluateBoolean(patient).ShouldBe(false);
        compiler.Compile("link", "Patient").EvaluateBoolean(patient).ShouldBeNull();
        compiler.Compile("name.family", "Patient").Select(patient).Select(n => n.Location)
            .ShouldBe(["Patient.name[0].family", "Patient.name[2].family"]);
        compiler.Compile("birthDate", "Patient").EvaluateSingle(patient)!.Value.ToString().ShouldBe("1974-12-25");
        Should.Throw<FhirPathEvaluationException>(() => compiler.Compile("name", "Patient").EvaluateBoolean(patient));
    }

    [Fact]
    public void Compile_errors_become_operation_outcome_issues_with_line_and_column()
    {
        var error = _host.Compiler.Validate("name.\n  given1", "Patient");

        error.ShouldBeOfType<FhirPathSemanticException>();
        var issue = error.ToIssue("Patient.name");
        issue.Code.ShouldBe("invalid");
        issue.Line.ShouldBe(2);
        issue.Column.ShouldBe(3);
        issue.Location.ShouldBe("Patient.name");
        _host.Compiler.Validate("name.given", "Patient").ShouldBeNull();
    }

    [Fact]
    public void Random_token_soup_only_ever_fails_with_FhirPath_errors()
    {
        string[] tokens =
        [
            "name", "given", "Patient", ".", ".", "(", ")", "[", "]", "0", "1", "2.5", "'x'", "@2014", "@T10:00", "{", "}", "+", "-",
            "*", "/", "div", "mod", "&", "|", "=", "!=", "~", "<", ">=", "and", "or", "implies", "is", "as", "Quantity", "where(",
            "select(", "exists(", "first()", "count()", "iif(", ",", "$this", "$index", "%resource", "4 'mg'", "7 days", "not()",
            "ofType(", "today()", "substring(", "resolve()", "`x`", "//c\n", "/*c*/",
        ];
        var random = new Random(20260101);
        var patient = _host.Parse(FhirPathHarness.PatientJson);
        var unexpected = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var expression = string.Join(" ", Enumerable.Range(0, random.Next(1, 12)).Select(_ => tokens[random.Next(tokens.Length)]));
            try
            {
                _host.Compiler.Compile(expression, "Patient").Evaluate(patient);
            }
            catch (FhirPathException error) when (error.InnerException is null or FhirPathException)
            {
                // Expected: most soups are not valid expressions.
            }
            catch (Exception error)
            {
                unexpected.Add($"{expression} -> {error.GetType().Name}: {error.Message}");
            }
        }

        unexpected.ShouldBeEmpty();
    }

    [Fact]
    public void Results_print_as_json_with_type_value_and_location()
    {
        var writer = new FhirPathResultWriter(new FhirJsonSerializer(fixture.Definitions));
        var patient = _host.Parse(FhirPathHarness.PatientJson);
        var result = _host.Compiler.Compile("name[1] | name[1].given | telecom.rank.first() | 1.50 | @2014-01 | 4 'mg'", "Patient").Evaluate(patient);

        using var json = JsonDocument.Parse(writer.Write(result));
        var items = json.RootElement.EnumerateArray().ToList();

        items.Select(i => i.GetProperty("type").GetString())
            .ShouldBe(["FHIR.HumanName", "FHIR.string", "FHIR.positiveInt", "System.Decimal", "System.Date", "System.Quantity"]);
        items[0].GetProperty("value").GetProperty("use").GetString().ShouldBe("usual");
        items[0].GetProperty("location").GetString().ShouldBe("Patient.name[1]");
        items[1].GetProperty("value").GetString().ShouldBe("Jim");
        items[2].GetProperty("value").GetInt32().ShouldBe(1);
        items[3].GetProperty("value").GetRawText().ShouldBe("1.50");
        items[4].GetProperty("value").GetString().ShouldBe("2014-01");
        items[5].GetProperty("value").GetProperty("unit").GetString().ShouldBe("mg");
        items[3].TryGetProperty("location", out _).ShouldBeFalse();
    }
}
