using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Log;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FhirChainGateway.LedgerWriter.Api;

/// <summary>
/// <c>GET /ledger/consent-chain?patient=&lt;pseudonym&gt;</c>: every Consent leaf of one patient, found by following
/// <c>previousConsentLeaf</c> from the chain head, with inclusion proofs into the latest checkpoint. The pseudonym
/// is the keyed hash the gateway computes; the ledger itself never learns who the patient is.
/// </summary>
public static class ConsentChainEndpoints
{
    public static IEndpointRouteBuilder MapConsentChainEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ledger/consent-chain", async (string? patient, TransparencyLog log, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(patient) || patient.Length != 64 || !patient.All(Uri.IsHexDigit))
            {
                return LedgerProblems.BadRequest("patient must be the 64-character hex pseudonym of the patient.");
            }

            var checkpoint = await log.GetCheckpointAsync(cancellationToken);
            if (checkpoint is null)
            {
                return LedgerProblems.NoCheckpoint();
            }

            var head = await log.Reader.GetConsentChainHeadAsync(patient, cancellationToken);
            if (head is null || head >= checkpoint.TreeSize)
            {
                return LedgerProblems.NotFound("No consent leaf of this patient is covered by the latest checkpoint yet.");
            }

            var leaves = new List<InclusionProofResponse>();
            for (ulong? index = head; index is { } current;)
            {
                var entry = (await log.GetEntriesAsync(current, 1, cancellationToken))[0];
                var proof = await log.GetInclusionProofAsync(current, checkpoint.TreeSize, cancellationToken);
                leaves.Add(new InclusionProofResponse(current, checkpoint.TreeSize, proof.Hashes, new LedgerEntryResponse(entry.Index, entry.EventId, entry.Kind, entry.Data, entry.LeafHash), null));
                index = LeafEnvelope.Parse(entry.Data).PreviousConsentLeaf;
            }

            return Results.Json(new ConsentChainResponse(checkpoint.TreeSize, checkpoint.SignedNote, leaves), LedgerApiJson.Options);
        });
        return app;
    }
}
