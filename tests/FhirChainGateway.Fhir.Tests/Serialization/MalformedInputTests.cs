using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Tests.Serialization;

[Collection(DefinitionsCollection.Name)]
public sealed class MalformedInputTests(DefinitionsFixture fixture)
{
    private readonly FhirJsonParser _parser = new(fixture.Definitions);

    [Fact]
    public void Text_that_is_not_json_is_rejected_with_its_line_and_column()
    {
        var issue = SingleIssue("{\n  \"resourceType\": \"Patient\",\n  \"active\": tru\n}");

        issue.Code.ShouldBe("invalid");
        issue.Line.ShouldBe(3);
        issue.Column.ShouldNotBeNull();
        issue.Column.Value.ShouldBeInRange(13, 16);
    }

    [Fact]
    public void An_empty_body_is_rejected() => SingleIssue("").Code.ShouldBe("invalid");

    [Fact]
    public void Content_after_the_resource_is_rejected() => SingleIssue("""{"resourceType":"Patient"} {}""").Code.ShouldBe("invalid");

    [Fact]
    public void Json_comments_are_rejected() => SingleIssue("""{"resourceType":"Patient" /* hi */}""").Code.ShouldBe("invalid");

    [Fact]
    public void Trailing_commas_are_rejected() => SingleIssue("""{"resourceType":"Patient","active":true,}""").Code.ShouldBe("invalid");

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Patient\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_top_level_value_that_is_not_an_object_is_rejected(string json)
    {
        var issue = SingleIssue(json);

        issue.Code.ShouldBe("structure");
        issue.Diagnostics.ShouldContain("JSON object");
    }

    [Fact]
    public void A_missing_resourceType_is_rejected()
    {
        var issue = SingleIssue("""{"id":"x","active":true}""");

        issue.Diagnostics.ShouldContain("resourceType");
        issue.Line.ShouldBe(1);
        issue.Column.ShouldBe(1);
    }

    [Theory]
    [InlineData("Foo")]
    [InlineData("DomainResource")]
    [InlineData("Resource")]
    [InlineData("HumanName")]
    [InlineData("patient")]
    public void An_unknown_or_abstract_resourceType_is_rejected(string resourceType)
    {
        var issue = SingleIssue($$"""{"resourceType":"{{resourceType}}"}""");

        issue.Diagnostics.ShouldContain($"'{resourceType}'");
    }

    [Fact]
    public void A_resourceType_that_is_not_a_string_is_rejected() =>
        SingleIssue("""{"resourceType":["Patient"]}""").Diagnostics.ShouldContain("resourceType");

    [Theory]
    [InlineData("""{"resourceType":"Patient","active":"true"}""", "Patient.active", "boolean")]
    [InlineData("""{"resourceType":"Patient","birthDate":19700101}""", "Patient.birthDate", "string")]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":"2"}""", "Patient.multipleBirth", "number")]
    [InlineData("""{"resourceType":"Patient","maritalStatus":"M"}""", "Patient.maritalStatus", "object")]
    [InlineData("""{"resourceType":"Patient","gender":{"value":"male"}}""", "Patient.gender", "string")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":[1]}]}""", "Patient.name[0].given[0]", "string")]
    [InlineData("""{"resourceType":"Patient","_gender":"x"}""", "Patient.gender", "object")]
    public void A_value_of_the_wrong_json_type_is_rejected_at_its_location(string json, string location, string expected)
    {
        var issue = SingleIssue(json);

        issue.Code.ShouldBe("structure");
        issue.Location.ShouldBe(location);
        issue.Diagnostics.ShouldContain(expected);
    }

    [Fact]
    public void An_array_where_the_definition_says_single_is_rejected()
    {
        var issue = SingleIssue("""{"resourceType":"Patient","gender":["male"]}""");

        issue.Location.ShouldBe("Patient.gender");
        issue.Diagnostics.ShouldContain("single value");
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","name":{"family":"Doe"}}""", "Patient.name")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":"Ann"}]}""", "Patient.name[0].given")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"contained":{"resourceType":"Patient"}}""", "Observation.contained")]
    public void A_single_value_where_the_definition_repeats_is_rejected(string json, string location)
    {
        var issue = SingleIssue(json);

        issue.Location.ShouldBe(location);
        issue.Diagnostics.ShouldContain("must be an array");
    }

    [Fact]
    public void Duplicate_property_names_are_rejected()
    {
        var issue = SingleIssue("""{"resourceType":"Patient","id":"a","active":true,"id":"b"}""");

        issue.Location.ShouldBe("Patient.id");
        issue.Diagnostics.ShouldContain("Duplicate");
        issue.Line.ShouldBe(1);
        issue.Column.ShouldBe(50);
    }

    [Fact]
    public void A_duplicate_resourceType_is_rejected() =>
        SingleIssue("""{"resourceType":"Patient","resourceType":"Patient"}""").Diagnostics.ShouldContain("Duplicate");

    [Fact]
    public void Two_types_for_one_choice_element_are_rejected()
    {
        var issue = SingleIssue("""{"resourceType":"Patient","deceasedBoolean":true,"deceasedDateTime":"2020"}""");

        issue.Location.ShouldBe("Patient.deceasedDateTime");
        issue.Diagnostics.ShouldContain("deceased[x]");
    }

    [Fact]
    public void Every_unknown_element_of_a_document_is_reported()
    {
        var issues = Issues("""
            {"resourceType":"Patient","foo":1,
             "name":[{"family":"Doe","middle":"X"}],
             "contact":[{"name":{"text":"Y"},"nickname":"Z"}],
             "_active":{"bar":true}}
            """);

        issues.Select(i => i.Location).ShouldBe(["Patient.foo", "Patient.name[0].middle", "Patient.contact[0].nickname", "Patient.active.bar"]);
        issues.ShouldAllBe(i => i.Code == "structure" && i.Diagnostics.StartsWith("Unknown element"));
        issues.Select(i => i.Line).ShouldBe([1, 2, 3, 4]);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","valueString":"x"}""", "Patient.valueString")]
    [InlineData("""{"resourceType":"Patient","_name":{"id":"x"}}""", "Patient._name")]
    [InlineData("""{"resourceType":"Patient","_id":{"id":"x"}}""", "Patient._id")]
    [InlineData("""{"resourceType":"Patient","name":[{"resourceType":"HumanName"}]}""", "Patient.name[0].resourceType")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"value":{"value":1}}""", "Observation.value")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueAddress":{"city":"X"}}""", "Observation.valueAddress")]
    public void Names_that_are_not_elements_there_are_unknown(string json, string location)
    {
        var issue = SingleIssue(json);

        issue.Location.ShouldBe(location);
        issue.Diagnostics.ShouldStartWith("Unknown element");
    }

    [Fact]
    public void Errors_inside_nested_resources_are_located_through_their_container()
    {
        var issue = SingleIssue("""
            {"resourceType":"Bundle","type":"collection","entry":[{},{"resource":{"resourceType":"Patient","activ":true}}]}
            """);

        issue.Location.ShouldBe("Bundle.entry[1].resource.activ");
    }

    [Fact]
    public void A_nested_resource_without_resourceType_is_rejected() =>
        SingleIssue("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"id":"x"}}]}""").Location.ShouldBe("Bundle.entry[0].resource");

    [Fact]
    public void Null_outside_primitive_arrays_is_rejected()
    {
        var issues = Issues("""{"resourceType":"Patient","gender":null,"name":[null],"maritalStatus":null}""");

        issues.Select(i => i.Location).ShouldBe(["Patient.gender", "Patient.name[0]", "Patient.maritalStatus"]);
    }

    [Fact]
    public void Empty_arrays_are_rejected() =>
        SingleIssue("""{"resourceType":"Patient","name":[{"given":[]}]}""").Location.ShouldBe("Patient.name[0].given");

    [Fact]
    public void A_null_in_both_a_primitive_array_and_its_companion_is_rejected()
    {
        var issue = SingleIssue("""{"resourceType":"Patient","name":[{"given":["a",null],"_given":[{"id":"x"},null]}]}""");

        issue.Location.ShouldBe("Patient.name[0].given[1]");
    }

    [Fact]
    public void Primitive_arrays_and_companions_of_different_lengths_are_rejected() =>
        SingleIssue("""{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[{"id":"x"}]}]}""").Diagnostics.ShouldContain("same number");

    [Fact]
    public void A_lone_surrogate_in_a_string_is_rejected() =>
        SingleIssue("""{"resourceType":"Patient","name":[{"family":"\ud800"}]}""").Location.ShouldBe("Patient.name[0].family");

    [Fact]
    public void A_lone_surrogate_in_a_property_name_is_rejected() =>
        SingleIssue("""{"resourceType":"Patient","\ud800x":1}""").Diagnostics.ShouldContain("property name");

    [Fact]
    public void Escaped_property_names_are_read_like_plain_ones() =>
        _parser.Parse("""{"resourceType":"Patient","\u0061ctive":true}""").ChildText("active").ShouldBe("true");

    [Fact]
    public void Depth_limits_that_could_exhaust_the_stack_are_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new FhirJsonParser(fixture.Definitions, new FhirJsonParserOptions { MaxDepth = 100_000 }));

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        static string Nested(int levels) => levels == 0
            ? """{"url":"http://example.org/y","valueString":"deep"}"""
            : $$"""{"url":"http://example.org/x","extension":[{{Nested(levels - 1)}}]}""";

        var issue = SingleIssue($$"""{"resourceType":"Patient","extension":[{{Nested(80)}}]}""");

        issue.Diagnostics.ShouldContain("deeper than 64");
        issue.Location.ShouldNotBeNull();
        issue.Location.ShouldStartWith("Patient.extension[0].extension[0].extension[0]");
    }

    [Fact]
    public void A_smaller_depth_limit_applies_to_unknown_content_too()
    {
        var parser = new FhirJsonParser(fixture.Definitions, new FhirJsonParserOptions { MaxDepth = 3 });

        var exception = Should.Throw<FhirException>(() => parser.Parse("""{"resourceType":"Patient","unknown":{"a":{"b":{"c":1}}}}"""));

        exception.StatusCode.ShouldBe(400);
        exception.Issues.Select(i => i.Diagnostics).ShouldContain(d => d.Contains("deeper than 3"));
    }

    [Fact]
    public void A_body_over_the_size_limit_is_rejected_as_too_large()
    {
        var parser = new FhirJsonParser(fixture.Definitions, new FhirJsonParserOptions { MaxBytes = 64 });
        var json = """{"resourceType":"Patient","name":[{"family":"a-family-name-that-makes-the-body-long"}]}""";

        Should.Throw<FhirException>(() => parser.Parse(json)).StatusCode.ShouldBe(413);
        Should.Throw<FhirException>(() => parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)))).StatusCode.ShouldBe(413);
        Should.Throw<FhirException>(async () => await parser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)))).StatusCode.ShouldBe(413);
        parser.Parse("""{"resourceType":"Patient"}""").InstanceType.ShouldBe("Patient");
    }

    [Fact]
    public void Collected_errors_are_capped()
    {
        var properties = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"bad{i}\":1"));

        var exception = Should.Throw<FhirException>(() => _parser.Parse($$"""{"resourceType":"Patient",{{properties}}}"""));

        exception.StatusCode.ShouldBe(400);
        exception.Issues.Count.ShouldBe(FhirJsonParserOptions.DefaultMaxIssues + 1);
        exception.Issues[^1].Code.ShouldBe("too-costly");
    }

    [Fact]
    public void Every_truncation_of_a_valid_resource_is_a_400_never_another_exception()
    {
        var json = """
            {"resourceType":"Patient","id":"p","name":[{"given":["Ann",null],"_given":[null,{"id":"g"}],"family":"Doe"}],
             "birthDate":"1970-01-01","deceasedBoolean":false,"contact":[{"telecom":[{"value":"1"}]}],"multipleBirthInteger":2}
            """;

        for (var length = 0; length < json.Length - 1; length++)
        {
            var exception = Should.Throw<FhirException>(() => _parser.Parse(json[..length]), $"prefix of length {length}");
            exception.StatusCode.ShouldBe(400);
        }
    }

    [Fact]
    public void Random_corruption_gives_a_tree_or_a_400_never_another_exception()
    {
        var original = Encoding.UTF8.GetBytes("""
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"valueQuantity":{"value":1.5},
             "component":[{"code":{"text":"a"},"valueString":"x"}]}}]}
            """);
        var random = new Random(20240501);
        const string Alphabet = "{}[]\":,0123456789.-eEtruefalsnl _\\uabcXYZ";
        for (var round = 0; round < 2000; round++)
        {
            var corrupted = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            try
            {
                _parser.Parse(corrupted);
            }
            catch (FhirException e)
            {
                e.StatusCode.ShouldBe(400, Encoding.UTF8.GetString(corrupted));
                e.Issues.ShouldNotBeEmpty();
            }
        }
    }

    private OperationOutcomeIssue SingleIssue(string json) => Issues(json).ShouldHaveSingleItem();

    private IReadOnlyList<OperationOutcomeIssue> Issues(string json)
    {
        var exception = Should.Throw<FhirException>(() => _parser.Parse(json));
        exception.StatusCode.ShouldBe(400);
        exception.Issues.ShouldAllBe(i => i.Severity == IssueSeverity.Error);
        return exception.Issues;
    }
}
