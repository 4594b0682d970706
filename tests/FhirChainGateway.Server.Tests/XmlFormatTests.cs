using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace FhirChainGateway.Server.Tests;

/// <summary>application/fhir+xml on the REST API: in, out, negotiated by Accept and _format, errors too.</summary>
public sealed class XmlFormatTests : IAsyncLifetime
{
    private const string PatientXml = """
        <Patient xmlns="http://hl7.org/fhir">
          <identifier><system value="urn:test:xml"/><value value="x-1"/></identifier>
          <name><family value="Xml"/><given value="Ximena"/></name>
          <birthDate value="1980-02-29"/>
        </Patient>
        """;

    private static readonly XNamespace Fhir = "http://hl7.org/fhir";
    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_resource_posted_as_XML_reads_back_as_JSON_and_as_XML()
    {
        using var content = new StringContent(PatientXml, Encoding.UTF8, "application/fhir+xml");
        using var created = await _server.Client.PostAsync("Patient", content);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!.AbsolutePath.TrimStart('/');
        var id = location.Split('/')[1];

        using var json = await _server.Client.GetAsync($"Patient/{id}");
        (await json.Content.ReadAsStringAsync()).ShouldContain("\"birthDate\":\"1980-02-29\"");

        using var viaFormat = await _server.Client.GetAsync($"Patient/{id}?_format=xml");
        viaFormat.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+xml");
        var document = XDocument.Parse(await viaFormat.Content.ReadAsStringAsync());
        document.Root!.Name.ShouldBe(Fhir + "Patient");
        document.Root.Element(Fhir + "birthDate")!.Attribute("value")!.Value.ShouldBe("1980-02-29");
        document.Root.Element(Fhir + "id")!.Attribute("value")!.Value.ShouldBe(id);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"Patient/{id}");
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+xml"));
        using var viaAccept = await _server.Client.SendAsync(request);
        XDocument.Parse(await viaAccept.Content.ReadAsStringAsync()).Root!.Element(Fhir + "name")!.Element(Fhir + "family")!.Attribute("value")!.Value.ShouldBe("Xml");
    }

    [Theory]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"1980-02-30\"/></Patient>")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><favourite value=\"blue\"/></Patient>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><Patient xmlns=\"http://hl7.org/fhir\"/>")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><name>")]
    public async Task Bad_XML_gets_an_OperationOutcome_in_XML(string xml)
    {
        using var content = new StringContent(xml, Encoding.UTF8, "application/fhir+xml");
        using var response = await _server.Client.PostAsync("Patient?_format=xml", content);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+xml");
        XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name.ShouldBe(Fhir + "OperationOutcome");
    }

    [Fact]
    public async Task A_transaction_Bundle_in_XML_is_processed()
    {
        const string bundle = """
            <Bundle xmlns="http://hl7.org/fhir">
              <type value="transaction"/>
              <entry>
                <fullUrl value="urn:uuid:aa4a21b6-0000-4000-8000-000000000001"/>
                <resource><Patient><name><family value="Bundled"/></name></Patient></resource>
                <request><method value="POST"/><url value="Patient"/></request>
              </entry>
              <entry>
                <resource><Observation><status value="final"/><code><text value="x"/></code>
                  <subject><reference value="urn:uuid:aa4a21b6-0000-4000-8000-000000000001"/></subject></Observation></resource>
                <request><method value="POST"/><url value="Observation"/></request>
              </entry>
            </Bundle>
            """;
        using var content = new StringContent(bundle, Encoding.UTF8, "application/fhir+xml");

        using var response = await _server.Client.PostAsync("?_format=xml", content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = XDocument.Parse(await response.Content.ReadAsStringAsync());
        result.Root!.Element(Fhir + "type")!.Attribute("value")!.Value.ShouldBe("transaction-response");
        result.Root.Elements(Fhir + "entry").Select(e => e.Element(Fhir + "response")!.Element(Fhir + "status")!.Attribute("value")!.Value)
            .ShouldBe(["201 Created", "201 Created"]);
    }
}
