using System.Globalization;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Server.Http;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// Processes batch and transaction Bundles posted to the server base. A transaction is one atomic
/// interaction with one Provenance; each batch entry is its own interaction, processed in order, and
/// its failure is reported in its response entry without affecting the others.
/// </summary>
public sealed class BundleProcessor(InteractionEngine engine, TimeProvider timeProvider)
{
    public async Task<byte[]> ProcessAsync(ElementNode bundle, RequestAgent agent, string baseUrl, CancellationToken cancellationToken)
    {
        var type = bundle.ChildText("type");
        var entries = ReadEntries(bundle);
        switch (type)
        {
            case "transaction":
                var outcomes = await engine.ExecuteAtomicAsync(entries, agent, cancellationToken);
                return BundleJson.Response("transaction-response", outcomes, baseUrl, timeProvider);
            case "batch":
                var results = new List<EntryOutcome>(entries.Count);
                foreach (var entry in entries)
                {
                    results.Add(await ExecuteBatchEntryAsync(entry, agent, cancellationToken));
                }

                return BundleJson.Response("batch-response", results, baseUrl, timeProvider);
            default:
                throw FhirException.BadRequest($"Bundle.type '{type}' cannot be processed here; POST a 'batch' or 'transaction' Bundle.", "Bundle.type");
        }
    }

    private async Task<EntryOutcome> ExecuteBatchEntryAsync(EntryRequest entry, RequestAgent agent, CancellationToken cancellationToken)
    {
        try
        {
            return (await engine.ExecuteAtomicAsync([entry], agent, cancellationToken))[0];
        }
        catch (FhirException failure)
        {
            return new EntryOutcome(failure.StatusCode, null, null, null, null, ReadOnlyMemory<byte>.Empty, failure.Issues);
        }
    }

    private static List<EntryRequest> ReadEntries(ElementNode bundle)
    {
        var entries = new List<EntryRequest>();
        var index = 0;
        foreach (var entry in bundle.ChildrenNamed("entry"))
        {
            var location = "Bundle.entry[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            var request = entry.FirstChild("request")
                ?? throw FhirException.BadRequest($"{location}: entry.request is required in batch and transaction Bundles.", location);
            entries.Add(new EntryRequest(
                index,
                location,
                request.ChildText("method") ?? throw FhirException.BadRequest($"{location}: request.method is required.", location + ".request"),
                request.ChildText("url") ?? throw FhirException.BadRequest($"{location}: request.url is required.", location + ".request"),
                entry.ChildText("fullUrl"),
                entry.FirstChild("resource"),
                request.ChildText("ifNoneExist"),
                request.ChildText("ifMatch")));
            index++;
        }

        return entries;
    }
}
