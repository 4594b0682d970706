using System.Net;
using System.Net.Http.Headers;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>The google-fhir-data-pipes Synthea corpus in load order: the two batch Bundles, then the patients.</summary>
public static class SyntheaFiles
{
    public static IReadOnlyList<string> LoadOrder()
    {
        var folder = TestData.PathOf("synthea", "google-fhir-data-pipes")!;
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        var batches = files.Where(f => Path.GetFileName(f).StartsWith("hospitalInformation", StringComparison.Ordinal))
            .Concat(files.Where(f => Path.GetFileName(f).StartsWith("practitionerInformation", StringComparison.Ordinal)))
            .ToList();
        return [.. batches, .. files.Except(batches)];
    }

    public static async Task PostAsync(HttpClient gateway, string file)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await gateway.PostAsync(string.Empty, content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{Path.GetFileName(file)}: {await response.Content.ReadAsStringAsync()}");
    }
}
