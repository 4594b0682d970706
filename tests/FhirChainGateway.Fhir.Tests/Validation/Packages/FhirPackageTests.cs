using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.Validation.Packages;

/// <summary>Loading FHIR NPM packages and conformance files.</summary>
[Collection(ValidationCollection.Name)]
public sealed class FhirPackageTests(ValidationFixture fixture)
{
    [Fact]
    public void A_package_gives_its_manifest_resources_and_examples()
    {
        using var tgz = Package(
            ("package/package.json", """{"name":"example.ig","version":"1.2.3","canonical":"http://example.org/ig","fhirVersions":["4.0.1"],"dependencies":{"hl7.fhir.r4.core":"4.0.1"}}"""),
            ("package/StructureDefinition-x.json", """{"resourceType":"StructureDefinition","url":"http://example.org/ig/StructureDefinition/x","version":"1.2.3","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","min":1}]}}"""),
            ("package/example/Patient-a.json", """{"resourceType":"Patient","id":"a"}"""),
            ("package/openapi/skip.json", """{"openapi":"3.0"}"""),
            ("package/broken.json", "{not json"));
        var set = new ConformanceResourceSet(fixture.Definitions);

        var info = set.LoadPackage(tgz, "example.tgz");

        info.Name.ShouldBe("example.ig");
        info.Version.ShouldBe("1.2.3");
        info.Dependencies["hl7.fhir.r4.core"].ShouldBe("4.0.1");
        info.ResourceCount.ShouldBe(1);
        set.Examples.ShouldHaveSingleItem().Id.ShouldBe("a");
        set.Problems.ShouldHaveSingleItem().ShouldContain("broken.json");
        set.FindCanonical("StructureDefinition", "http://example.org/ig/StructureDefinition/x|1.2.3").ShouldNotBeNull();

        var profile = new ValidationResources(fixture.Definitions, fixture.Options.DefinitionsDirectory, set).FindProfile("http://example.org/ig/StructureDefinition/x");
        profile.ShouldNotBeNull().FindByKey("Patient.gender")!.Min.ShouldBe(1);
    }

    [Fact]
    public void XML_conformance_resources_and_Bundles_of_them_load()
    {
        var set = new ConformanceResourceSet(fixture.Definitions);
        var xml = """
            <ValueSet xmlns="http://hl7.org/fhir"><url value="http://example.org/vs/x"/><status value="active"/>
              <compose><include><system value="http://example.org/cs"/><concept><code value="a"/></concept></include></compose></ValueSet>
            """;
        var bundle = """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","concept":[{"code":"a"}]}},
              {"resource":{"resourceType":"Patient","id":"p1"}}]}
            """;

        set.AddXml(Encoding.UTF8.GetBytes(xml), "vs.xml").ShouldBe(1);
        set.AddJson(Encoding.UTF8.GetBytes(bundle), "bundle.json").ShouldBe(2);

        set.FindCanonical("ValueSet", "http://example.org/vs/x").ShouldNotBeNull();
        set.FindCanonical("CodeSystem", "http://example.org/cs").ShouldNotBeNull();
        set.FindById("Patient", "p1").ShouldNotBeNull();
    }

    [TestDataFact]
    public void US_Core_311_loads_from_its_package()
    {
        var set = new ConformanceResourceSet(fixture.Definitions);

        var info = set.LoadPackage(TestData.PathOf("us-core", "us_core_311.tgz")!);

        info.ToString().ShouldBe("hl7.fhir.us.core#3.1.1");
        set.Problems.ShouldBeEmpty();
        var resources = new ValidationResources(fixture.Definitions, fixture.Options.DefinitionsDirectory, set);
        var patient = resources.FindProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient").ShouldNotBeNull();
        patient.SnapshotGenerated.ShouldBeFalse();
        patient.FindByKey("Patient.extension:race").ShouldNotBeNull();
    }

    private static MemoryStream Package(params (string Name, string Content)[] files)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        var tgz = new MemoryStream();
        using (var gzip = new GZipStream(tgz, CompressionLevel.Fastest, leaveOpen: true))
        {
            tar.Position = 0;
            tar.CopyTo(gzip);
        }

        tgz.Position = 0;
        return tgz;
    }
}
