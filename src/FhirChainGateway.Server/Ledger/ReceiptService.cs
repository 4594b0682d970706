using System.Text.Json;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Ledger.Receipts;
using FhirChainGateway.Server.Provenance;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Server.Ledger;

/// <summary>
/// Assembles the ledger receipt of one resource version: the version and its salt, the Provenance
/// that recorded it and its salt, that Provenance's leaf with an inclusion proof into the latest
/// checkpoint, and for Consent the consent-chain leaf. <c>fhirchain verify</c> checks it offline.
/// </summary>
public sealed class ReceiptService(IResourceStore store, ILedgerClient ledger, LedgerRecorder recorder, TimeProvider timeProvider)
{
    public async Task<byte[]> BuildAsync(string resourceType, string id, long versionId, ulong? consistencyFrom, string baseUrl, CancellationToken cancellationToken)
    {
        var subject = $"{resourceType}/{id}/_history/{versionId}";
        var version = await store.ReadVersionAsync(resourceType, id, versionId, cancellationToken)
            ?? throw FhirException.NotFound($"{subject} is not known.");

        var provenance = resourceType == "Provenance"
            ? version
            : await FindRecordingProvenanceAsync(subject, cancellationToken);
        if (provenance.IsErased || provenance.Salt is null)
        {
            throw new FhirException(409, OperationOutcomeIssue.Error("processing", $"The Provenance that recorded {subject} has no salt; it predates ledger commitments or was erased."));
        }

        var provenanceLeaf = await ProofOfAsync(Guid.Parse(provenance.Id), cancellationToken);
        ReceiptLeaf? consentLeaf = null;
        ulong treeSize = provenanceLeaf.TreeSize;
        var checkpoint = provenanceLeaf.Checkpoint;
        if (resourceType == "Consent" && !version.IsDeleted)
        {
            var consent = await ProofOfAsync(LedgerRecorder.ConsentEventId(provenance.Id, id, versionId), cancellationToken);
            if (consent.TreeSize != treeSize)
            {
                // Both proofs must lead to the same checkpoint; a new one was published in between.
                provenanceLeaf = await ProofOfAsync(Guid.Parse(provenance.Id), cancellationToken);
                consent = await ProofOfAsync(LedgerRecorder.ConsentEventId(provenance.Id, id, versionId), cancellationToken);
                if (consent.TreeSize != provenanceLeaf.TreeSize)
                {
                    throw new FhirException(503, OperationOutcomeIssue.Error("transient", "The ledger is publishing checkpoints rapidly; retry the receipt."));
                }
            }

            consentLeaf = new ReceiptLeaf(consent.Index, consent.Kind, consent.LeafData, consent.InclusionProof);
            treeSize = provenanceLeaf.TreeSize;
            checkpoint = provenanceLeaf.Checkpoint;
        }

        IReadOnlyList<byte[]> consistency = [];
        if (consistencyFrom is { } from)
        {
            if (from == 0 || from > treeSize)
            {
                throw FhirException.BadRequest($"consistencyFrom must be between 1 and the receipt's tree size {treeSize}.");
            }

            consistency = await ledger.GetConsistencyProofAsync(from, treeSize, cancellationToken);
        }

        var receipt = new LedgerReceipt
        {
            Subject = subject,
            SubjectJson = version.IsErased || version.IsDeleted ? null : version.Json.ToArray(),
            SubjectSalt = version.Salt,
            ProvenanceReference = $"Provenance/{provenance.Id}/_history/1",
            ProvenanceJson = provenance.Json.ToArray(),
            ProvenanceSalt = provenance.Salt,
            ProvenanceLeaf = new ReceiptLeaf(provenanceLeaf.Index, provenanceLeaf.Kind, provenanceLeaf.LeafData, provenanceLeaf.InclusionProof),
            ConsentLeaf = consentLeaf,
            TreeSize = treeSize,
            Checkpoint = checkpoint,
            VerifierKeys = await ledger.GetVerifierKeysAsync(cancellationToken),
            ConsistencyFrom = consistencyFrom,
            ConsistencyProof = consistency,
        };
        return receipt.ToJson(baseUrl, timeProvider.GetUtcNow());
    }

    /// <summary>
    /// A patient's consent trail: every Consent version of the patient's consent chain with salts, leaves and
    /// proofs into one checkpoint, for compliance officers. 404 while the patient has no ledgered consent.
    /// </summary>
    public async Task<byte[]> BuildConsentTrailAsync(string patientId, string baseUrl, CancellationToken cancellationToken)
    {
        var patient = "Patient/" + patientId;
        var chain = await ledger.GetConsentChainAsync(recorder.PseudonymOf(patient)!, cancellationToken)
            ?? throw FhirException.NotFound($"{patient} has no Consent in a published ledger checkpoint (yet).");
        var links = new List<ConsentTrailLink>(chain.Leaves.Count);
        foreach (var leaf in chain.Leaves)
        {
            var envelope = FhirChainGateway.Ledger.Envelopes.LeafEnvelope.Parse(leaf.LeafData);
            var version = await store.ReadVersionAsync("Consent", envelope.Id, long.Parse(envelope.VersionId, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            links.Add(new ConsentTrailLink(
                $"Consent/{envelope.Id}/_history/{envelope.VersionId}",
                version is null || version.IsErased ? null : version.Json.ToArray(),
                version?.Salt,
                new ReceiptLeaf(leaf.Index, leaf.Kind, leaf.LeafData, leaf.InclusionProof)));
        }

        var trail = new ConsentTrail
        {
            Patient = patient,
            TreeSize = chain.TreeSize,
            Checkpoint = chain.Checkpoint,
            VerifierKeys = await ledger.GetVerifierKeysAsync(cancellationToken),
            Links = links,
        };
        return trail.ToJson(baseUrl, timeProvider.GetUtcNow());
    }

    /// <summary>The Provenance whose target created this version (an erasure Provenance targets it too, later).</summary>
    private async Task<ResourceVersion> FindRecordingProvenanceAsync(string subject, CancellationToken cancellationToken)
    {
        var page = await store.SearchAsync(new SearchQuery("Provenance", new ValueExpression("target", SearchParamKind.Reference, subject), 10, null), cancellationToken);
        foreach (var candidate in page.Resources)
        {
            if (RecordsWrite(candidate.Json.Span, subject))
            {
                return await store.ReadVersionAsync("Provenance", candidate.Id, 1, cancellationToken) ?? candidate;
            }
        }

        throw FhirException.NotFound($"No Provenance records {subject}; it was written before the ledger existed.");
    }

    private static bool RecordsWrite(ReadOnlySpan<byte> provenanceJson, string subject)
    {
        var reader = new Utf8JsonReader(provenanceJson);
        using var document = JsonDocument.ParseValue(ref reader);
        foreach (var target in document.RootElement.GetProperty("target").EnumerateArray())
        {
            if (target.GetProperty("reference").GetString() != subject)
            {
                continue;
            }

            var operation = target.TryGetProperty("extension", out var extensions)
                ? extensions.EnumerateArray()
                    .Where(e => e.GetProperty("url").GetString() == ProvenanceFactory.TargetOperationExtensionUrl)
                    .Select(e => e.GetProperty("valueCode").GetString())
                    .FirstOrDefault()
                : null;
            return operation != "erase";
        }

        return false;
    }

    private async Task<LedgerEntryProof> ProofOfAsync(Guid eventId, CancellationToken cancellationToken) =>
        await ledger.GetEntryProofAsync(eventId, cancellationToken)
            ?? throw new FhirException(404, OperationOutcomeIssue.Error(
                "not-found",
                "This version is not in a published ledger checkpoint yet (the ledger is asynchronous; checkpoints follow within about a second). Retry shortly."));
}
