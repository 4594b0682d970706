using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Tests.Support;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Serialization;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirCanonicalJsonTests(DefinitionsFixture fixture)
{
    private readonly FhirJsonParser _parser = new(fixture.Definitions);
    private readonly FhirCanonicalJson _canonical = new(fixture.Definitions);

    /// <summary>RFC 8785 appendix B: IEEE 754 bit patterns and their required serialization.</summary>
    public static TheoryData<string, string> Rfc8785NumberSamples => new()
    {
        { "0000000000000000", "0" },
        { "8000000000000000", "0" },
        { "0000000000000001", "5e-324" },
        { "8000000000000001", "-5e-324" },
        { "7fefffffffffffff", "1.7976931348623157e+308" },
        { "ffefffffffffffff", "-1.7976931348623157e+308" },
        { "4340000000000000", "9007199254740992" },
        { "c340000000000000", "-9007199254740992" },
        { "4430000000000000", "295147905179352830000" },
        { "44b52d02c7e14af5", "9.999999999999997e+22" },
        { "44b52d02c7e14af6", "1e+23" },
        { "44b52d02c7e14af7", "1.0000000000000001e+23" },
        { "444b1ae4d6e2ef4e", "999999999999999700000" },
        { "444b1ae4d6e2ef4f", "999999999999999900000" },
        { "444b1ae4d6e2ef50", "1e+21" },
        { "3eb0c6f7a0b5ed8c", "9.999999999999997e-7" },
        { "3eb0c6f7a0b5ed8d", "0.000001" },
        { "41b3de4355555553", "333333333.3333332" },
        { "41b3de4355555554", "333333333.33333325" },
        { "41b3de4355555555", "333333333.3333333" },
        { "41b3de4355555556", "333333333.3333334" },
        { "41b3de4355555557", "333333333.33333343" },
        { "becbf647612f3696", "-0.0000033333333333333333" },
        { "43143ff3c1cb0959", "1424953923781206.2" },
    };

    public static TheoryData<string> SpecExamples => Corpus.SpecExampleFiles();

    [Theory]
    [MemberData(nameof(Rfc8785NumberSamples))]
    public void Numbers_are_serialized_as_rfc8785_appendix_b_says(string ieee754Hex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(ieee754Hex)));

        EcmaScriptNumber.Format(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    public void NaN_and_infinity_have_no_serialization(string ieee754Hex)
    {
        var value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(ieee754Hex)));

        Should.Throw<ArgumentOutOfRangeException>(() => EcmaScriptNumber.Format(value));
    }

    [Fact]
    public void The_rfc8785_section_3_2_2_sample_canonicalizes_to_the_published_output()
    {
        var input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;

        var output = FhirCanonicalJson.Rfc8785(Encoding.UTF8.GetBytes(input));

        Encoding.UTF8.GetString(output).ShouldBe("""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""");
    }

    [Fact]
    public void The_rfc8785_section_3_2_3_sample_sorts_keys_by_utf16_code_units()
    {
        var input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var output = Encoding.UTF8.GetString(FhirCanonicalJson.Rfc8785(Encoding.UTF8.GetBytes(input)));

        output.ShouldBe("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\"," +
                        "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    [Fact]
    public void Control_characters_use_short_escapes_where_they_exist_and_lowercase_hex_otherwise()
    {
        var output = FhirCanonicalJson.Rfc8785(Encoding.UTF8.GetBytes("""["\b\f\n\r\t\u0001\u001F\u007f"]"""));

        Encoding.UTF8.GetString(output).ShouldBe("[\"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\"]");
    }

    [Fact]
    public void Root_text_and_meta_are_removed_but_those_of_contained_resources_stay()
    {
        var observation = _parser.Parse("""
            {"resourceType":"Observation","id":"o","meta":{"versionId":"7","lastUpdated":"2026-01-01T00:00:00Z"},
             "text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"},
             "contained":[{"resourceType":"Patient","id":"p","meta":{"versionId":"1"}}],
             "status":"final","code":{"text":"x"}}
            """);

        var canonical = Encoding.UTF8.GetString(_canonical.Canonicalize(observation));

        canonical.ShouldBe("""{"code":{"text":"x"},"contained":[{"id":"p","meta":{"versionId":"1"},"resourceType":"Patient"}],"id":"o","resourceType":"Observation","status":"final"}""");
    }

    [Fact]
    public void Property_order_and_whitespace_of_the_input_do_not_change_the_canonical_form()
    {
        var compact = """{"resourceType":"Patient","id":"p","name":[{"family":"Doe","given":["Ann","Bea"]}],"_gender":{"id":"g"},"gender":"female","birthDate":"1970-01-01"}""";
        var shuffled = """
            {
                "birthDate" : "1970-01-01",
                "gender" : "female",
                "name" : [ { "given" : [ "Ann", "Bea" ], "family" : "Doe" } ],
                "_gender" : { "id" : "g" },
                "id" : "p",
                "resourceType" : "Patient"
            }
            """;

        var fromCompact = _canonical.Canonicalize(_parser.Parse(compact));
        var fromShuffled = _canonical.Canonicalize(_parser.Parse(shuffled));

        fromShuffled.ShouldBe(fromCompact);
        _canonical.Canonicalize(Encoding.UTF8.GetBytes(shuffled)).ShouldBe(fromCompact);
        Encoding.UTF8.GetString(fromCompact).ShouldBe("""{"_gender":{"id":"g"},"birthDate":"1970-01-01","gender":"female","id":"p","name":[{"family":"Doe","given":["Ann","Bea"]}],"resourceType":"Patient"}""");
    }

    [Fact]
    public void The_hash_is_the_sha256_of_the_canonical_bytes()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","meta":{"versionId":"3"},"active":true}""");
        var expectedCanonical = """{"active":true,"resourceType":"Patient"}""";

        var hash = _canonical.Sha256Hex(patient);

        hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expectedCanonical))));
        _canonical.Sha256Hex(Encoding.UTF8.GetBytes("""{ "active": true, "meta": {"versionId": "9"}, "resourceType": "Patient" }""")).ShouldBe(hash);
    }

    [Fact]
    public void Decimals_are_canonicalized_as_numbers_so_trailing_zeros_do_not_matter()
    {
        var a = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50}}""");
        var b = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.5}}""");

        _canonical.Canonicalize(a).ShouldBe(_canonical.Canonicalize(b));
        Encoding.UTF8.GetString(_canonical.Canonicalize(a)).ShouldContain("\"value\":1.5}");
    }

    [Fact]
    public void Values_without_a_canonical_form_are_rejected()
    {
        var huge = _parser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1e400}}""");

        var exception = Should.Throw<FhirException>(() => _canonical.Canonicalize(huge));
        exception.StatusCode.ShouldBe(400);
        exception.Issues[0].Location.ShouldBe("Observation.value.value");

        Should.Throw<FhirException>(() => FhirCanonicalJson.Rfc8785("""{"a":1,"a":2}"""u8)).StatusCode.ShouldBe(400);
        Should.Throw<FhirException>(() => FhirCanonicalJson.Rfc8785("""["\ud800"]"""u8)).StatusCode.ShouldBe(400);
        Should.Throw<FhirException>(() => FhirCanonicalJson.Rfc8785("""{"a":"""u8)).StatusCode.ShouldBe(400);
    }

    [TestDataTheory]
    [MemberData(nameof(SpecExamples))]
    public void Tree_and_byte_canonicalization_agree_on_every_spec_example(string file)
    {
        var bytes = Corpus.Read(file);

        _canonical.Canonicalize(_parser.Parse(bytes)).ShouldBe(_canonical.Canonicalize(bytes), file);
    }

    [TestDataFact]
    public void Tree_and_byte_canonicalization_agree_on_synthea_bundles()
    {
        foreach (var file in Corpus.SyntheaList().Take(12))
        {
            var bytes = Corpus.Read(file);
            _canonical.Canonicalize(_parser.Parse(bytes)).ShouldBe(_canonical.Canonicalize(bytes), file);
        }
    }
}
