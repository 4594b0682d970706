using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Tests.Serialization;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirJsonSerializerTests(DefinitionsFixture fixture)
{
    private readonly FhirDefinitions _definitions = fixture.Definitions;
    private readonly FhirJsonParser _parser = new(fixture.Definitions);
    private readonly FhirJsonSerializer _serializer = new(fixture.Definitions);

    [Fact]
    public void Properties_come_out_in_specification_order_with_resourceType_first()
    {
        var patient = _parser.Parse("""
            {"birthDate":"1970-01-01","name":[{"given":["Ann"],"family":"Doe","use":"official"}],"gender":"female",
             "meta":{"versionId":"1"},"id":"p","identifier":[{"value":"1"}],"active":true,"resourceType":"Patient"}
            """);

        var json = _serializer.Serialize(patient);

        // Order hand-checked against https://hl7.org/fhir/R4/patient.html and humanname.html.
        json.ShouldBe("""{"resourceType":"Patient","id":"p","meta":{"versionId":"1"},"identifier":[{"value":"1"}],"active":true,"name":[{"use":"official","family":"Doe","given":["Ann"]}],"gender":"female","birthDate":"1970-01-01"}""");
    }

    [Fact]
    public void Observation_elements_follow_the_specification_order()
    {
        var observation = _parser.Parse("""
            {"resourceType":"Observation","valueQuantity":{"unit":"kg","value":70},"subject":{"reference":"Patient/p"},
             "code":{"text":"weight"},"status":"final","effectiveDateTime":"2024-01-01","category":[{"text":"vital-signs"}]}
            """);

        PropertyNames(_serializer.Serialize(observation)).ShouldBe(["resourceType", "status", "category", "code", "subject", "effectiveDateTime", "valueQuantity"]);
        _serializer.Serialize(observation).ShouldContain("""
            "valueQuantity":{"value":70,"unit":"kg"}
            """.Trim());
    }

    [Fact]
    public void Underscore_companions_follow_their_values_and_align_with_nulls()
    {
        var patient = _parser.Parse("""
            {"resourceType":"Patient","_birthDate":{"id":"b"},"name":[{"_given":[null,{"id":"g"}],"given":["Ann","Bea"]}],"birthDate":"1970"}
            """);

        _serializer.Serialize(patient).ShouldBe("""{"resourceType":"Patient","name":[{"given":["Ann","Bea"],"_given":[null,{"id":"g"}]}],"birthDate":"1970","_birthDate":{"id":"b"}}""");
    }

    [Fact]
    public void A_primitive_with_only_extensions_writes_only_the_underscore_property()
    {
        var patient = _parser.Parse("""
            {"resourceType":"Patient","_gender":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]},
             "name":[{"given":[null,"B"],"_given":[{"id":"a"},null]}]}
            """);

        _serializer.Serialize(patient).ShouldBe("""{"resourceType":"Patient","name":[{"given":[null,"B"],"_given":[{"id":"a"},null]}],"_gender":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}""");
    }

    [Fact]
    public void Numbers_and_booleans_are_written_raw_from_their_text()
    {
        var observation = _parser.Parse("""
            {"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50E+3},
             "component":[{"code":{"text":"y"},"valueBoolean":false},{"code":{"text":"z"},"valueInteger":-0}]}
            """);

        var json = _serializer.Serialize(observation);

        json.ShouldContain("\"value\":1.50E+3");
        json.ShouldContain("\"valueBoolean\":false");
        json.ShouldContain("\"valueInteger\":-0");
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8_not_escaped()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","name":[{"family":"M\u00fcller <b>&amp;</b>","text":"😀"}]}""");

        var json = _serializer.Serialize(patient);

        json.ShouldContain("\"family\":\"Müller <b>&amp;</b>\"");
        // Characters beyond the BMP come out as a \u surrogate pair escape: the same JSON string.
        _parser.Parse(json).FirstChild("name")!.ChildText("text").ShouldBe("😀");
    }

    [Fact]
    public void Pretty_printing_indents_but_keeps_the_content()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","id":"p","active":true}""");

        var pretty = new FhirJsonSerializer(_definitions, FhirJsonSerializerOptions.Pretty).Serialize(patient);

        pretty.ShouldContain("\n");
        pretty.ShouldContain("  \"id\": \"p\"");
        JsonSemanticDifference(pretty, _serializer.Serialize(patient)).ShouldBeNull();
    }

    [Fact]
    public void Trees_built_in_code_without_definitions_are_written_by_their_names()
    {
        var patient = new ElementNode("Patient", "Patient") { IsResource = true };
        patient.SetPrimitive("birthDate", "date", "1980-02-03");
        var name = patient.Add(new ElementNode("name", "HumanName"));
        name.Add(new ElementNode("given", "string") { Text = "Zed" });
        name.Add(new ElementNode("family", "string") { Text = "Zulu" });
        patient.Add(new ElementNode("deceased", "boolean") { Text = "false" });
        patient.SetPrimitive("id", "id", "new");
        var contained = patient.Add(new ElementNode("contained", "Organization") { IsResource = true });
        contained.SetPrimitive("name", "string", "Acme");

        _serializer.Serialize(patient).ShouldBe("""{"resourceType":"Patient","id":"new","contained":[{"resourceType":"Organization","name":"Acme"}],"name":[{"family":"Zulu","given":["Zed"]}],"birthDate":"1980-02-03","deceasedBoolean":false}""");
    }

    [Fact]
    public void Edits_to_a_parsed_tree_are_serialized()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","id":"old","meta":{"versionId":"1"}}""");
        patient.SetPrimitive("id", "id", "new");
        patient.FirstChild("meta")!.SetPrimitive("versionId", "id", "2");
        patient.FirstChild("meta")!.SetPrimitive("lastUpdated", "instant", "2026-01-01T00:00:00Z");

        _serializer.Serialize(patient).ShouldBe("""{"resourceType":"Patient","id":"new","meta":{"versionId":"2","lastUpdated":"2026-01-01T00:00:00Z"}}""");
    }

    [Fact]
    public void A_complex_value_can_be_serialized_on_its_own()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","name":[{"given":["Ann"],"family":"Doe"}]}""");

        _serializer.Serialize(patient.FirstChild("name")!).ShouldBe("""{"family":"Doe","given":["Ann"]}""");
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(patient.FirstChild("name")!.FirstChild("family")!));
    }

    [Fact]
    public void Trees_that_no_document_could_produce_are_refused()
    {
        var twoGenders = new ElementNode("Patient", "Patient") { IsResource = true };
        twoGenders.Add(new ElementNode("gender", "code") { Text = "male" });
        twoGenders.Add(new ElementNode("gender", "code") { Text = "female" });
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(twoGenders)).Message.ShouldContain("gender");

        var unknown = new ElementNode("Patient", "Patient") { IsResource = true };
        unknown.Add(new ElementNode("nickname", "string") { Text = "x" });
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(unknown)).Message.ShouldContain("nickname");

        var badNumber = new ElementNode("Patient", "Patient") { IsResource = true };
        badNumber.Add(new ElementNode("multipleBirth", "integer") { Text = "two" });
        Should.Throw<InvalidOperationException>(() => _serializer.Serialize(badNumber)).Message.ShouldContain("two");
    }

    [Fact]
    public void Writing_to_a_stream_gives_the_same_bytes()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","id":"p"}""");
        var stream = new MemoryStream();

        _serializer.Serialize(patient, stream);

        stream.ToArray().ShouldBe(_serializer.SerializeToUtf8Bytes(patient));
    }

    [Fact]
    public async Task Async_serialization_never_writes_synchronously()
    {
        var patient = _parser.Parse("""{"resourceType":"Patient","id":"p","name":[{"family":"Doe"}]}""");
        var stream = new AsyncOnlyStream();

        await _serializer.SerializeAsync(patient, stream);

        stream.ToArray().ShouldBe(_serializer.SerializeToUtf8Bytes(patient));
    }

    private static List<string> PropertyNames(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    private static string? JsonSemanticDifference(string expected, string actual) =>
        Support.JsonSemanticComparer.FirstDifference(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));

    /// <summary>Like an ASP.NET Core response body: synchronous writes are refused.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _written = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written.Length;

        public override long Position { get => _written.Position; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _written.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write.");

        public override void Flush() => throw new InvalidOperationException("Synchronous flush.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
