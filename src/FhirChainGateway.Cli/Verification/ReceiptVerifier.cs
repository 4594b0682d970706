using System.Security.Cryptography;
using System.Text.Json;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Receipts;

namespace FhirChainGateway.Cli.Verification;

/// <summary>
/// Offline verification of a ledger receipt: recomputes the commitments from the FHIR content shown,
/// rebuilds the leaf, checks it against the leaf in the receipt, walks the inclusion proof to the
/// checkpoint root, and checks the checkpoint's signature against keys the verifier trusts — and,
/// given a checkpoint trusted earlier, that the log only grew since.
/// </summary>
public sealed class ReceiptVerifier(FhirCanonicalJson canonical)
{
    public IReadOnlyList<VerificationStep> Verify(LedgerReceipt receipt, IReadOnlyList<CheckpointPublicKey> trustedKeys, string? trustedCheckpoint)
    {
        var steps = new List<VerificationStep>();
        void Check(bool ok, string what, string detail = "") => steps.Add(new VerificationStep(ok, what, detail));

        // 1. The Provenance leaf commits to exactly the Provenance shown.
        LeafEnvelope? envelope = null;
        try
        {
            envelope = LeafEnvelope.Parse(receipt.ProvenanceLeaf.Data);
        }
        catch (FormatException failure)
        {
            Check(false, "the Provenance leaf is a ledger envelope", failure.Message);
        }

        using var provenance = JsonDocument.Parse(receipt.ProvenanceJson);
        var provenanceId = provenance.RootElement.GetProperty("id").GetString();
        if (envelope is not null)
        {
            Check(envelope.Kind == LeafEnvelope.ProvenanceKind && envelope.ResourceType == "Provenance" && envelope.Id == provenanceId,
                "the leaf names the Provenance shown", $"leaf: {envelope.ResourceType}/{envelope.Id}, shown: Provenance/{provenanceId}");
            var commitment = SaltedCommitment.Compute(receipt.ProvenanceSalt, canonical.Canonicalize(receipt.ProvenanceJson));
            Check(commitment == envelope.Commitment, "the Provenance content matches the leaf's commitment", $"recomputed {commitment}");
        }

        // 2. The Provenance commits to the subject version (unless the receipt is the Provenance's own).
        if (receipt.Subject != receipt.ProvenanceReference)
        {
            var target = provenance.RootElement.GetProperty("target").EnumerateArray()
                .FirstOrDefault(t => t.GetProperty("reference").GetString() == receipt.Subject);
            var committed = target.ValueKind == JsonValueKind.Object && target.TryGetProperty("extension", out var extensions)
                ? extensions.EnumerateArray()
                    .Where(e => e.GetProperty("url").GetString()!.EndsWith("/target-commitment", StringComparison.Ordinal))
                    .Select(e => e.GetProperty("valueString").GetString())
                    .FirstOrDefault()
                : null;
            Check(target.ValueKind == JsonValueKind.Object, "the Provenance records the subject version", receipt.Subject);
            if (receipt.SubjectJson is null || receipt.SubjectSalt is null)
            {
                steps.Add(new VerificationStep(true, "subject content", "not shown (erased or a deletion): only the record of it is verified"));
            }
            else
            {
                var recomputed = SaltedCommitment.Compute(receipt.SubjectSalt, canonical.Canonicalize(receipt.SubjectJson));
                Check(committed is not null && recomputed == committed, "the subject content matches the Provenance's commitment", $"recomputed {recomputed}");
            }
        }

        // 3. Inclusion of the leaf (and the consent-chain leaf) in the checkpoint's tree.
        Checkpoint? checkpoint = null;
        try
        {
            var note = SignedNote.Parse(receipt.Checkpoint);
            checkpoint = Checkpoint.ParseNoteText(note.Text);
        }
        catch (FormatException failure)
        {
            Check(false, "the checkpoint is a signed note", failure.Message);
        }

        if (checkpoint is not null)
        {
            Check(checkpoint.TreeSize == receipt.TreeSize, "the checkpoint is for the receipt's tree size", $"{checkpoint.TreeSize} vs {receipt.TreeSize}");
            CheckInclusion(receipt.ProvenanceLeaf, checkpoint, "the Provenance leaf is in the checkpoint's tree", Check);
            if (receipt.ConsentLeaf is { } consentLeaf)
            {
                CheckConsentLeaf(receipt, consentLeaf, Check);
                CheckInclusion(consentLeaf, checkpoint, "the Consent leaf is in the checkpoint's tree", Check);
            }

            // 4. The checkpoint is signed by a key the verifier trusts.
            if (trustedKeys.Count == 0)
            {
                Check(false, "the checkpoint is signed by a trusted key", "no trusted key given (--key)");
            }
            else
            {
                var result = new CheckpointVerifier(trustedKeys).Verify(receipt.Checkpoint, checkpoint.Origin);
                Check(result.IsValid, "the checkpoint is signed by a trusted key", result.IsValid ? $"verified by {string.Join(", ", result.VerifiedBy.Select(k => k.KeyName))}" : result.Message ?? result.Failure.ToString());
            }

            // 5. Consistency with a checkpoint trusted earlier.
            if (trustedCheckpoint is not null)
            {
                CheckConsistency(receipt, checkpoint, trustedCheckpoint, trustedKeys, Check);
            }
        }

        return steps;
    }

    /// <summary>
    /// A consent trail: every link's content matches its leaf, the links form one unbroken chain from the newest
    /// leaf back to the first (so no version was left out), every leaf is in the signed checkpoint's tree.
    /// </summary>
    public IReadOnlyList<VerificationStep> VerifyTrail(ConsentTrail trail, IReadOnlyList<CheckpointPublicKey> trustedKeys)
    {
        var steps = new List<VerificationStep>();
        void Check(bool ok, string what, string detail = "") => steps.Add(new VerificationStep(ok, what, detail));
        var checkpoint = Checkpoint.ParseNoteText(SignedNote.Parse(trail.Checkpoint).Text);
        Check(checkpoint.TreeSize == trail.TreeSize, "the checkpoint is for the trail's tree size", $"{checkpoint.TreeSize}");
        Check(trail.Links.Count > 0, "the trail has consent leaves", $"{trail.Links.Count}");
        string? patient = null;
        for (var i = 0; i < trail.Links.Count; i++)
        {
            var link = trail.Links[i];
            LeafEnvelope envelope;
            try
            {
                envelope = LeafEnvelope.Parse(link.Leaf.Data);
            }
            catch (FormatException failure)
            {
                Check(false, $"leaf {link.Leaf.Index} is a ledger envelope", failure.Message);
                continue;
            }

            patient ??= envelope.Patient;
            Check(envelope.Kind == LeafEnvelope.ConsentKind && $"Consent/{envelope.Id}/_history/{envelope.VersionId}" == link.Subject && envelope.Patient == patient,
                $"leaf {link.Leaf.Index} is a Consent leaf of the same patient for {link.Subject}");
            var expectedPrevious = i + 1 < trail.Links.Count ? trail.Links[i + 1].Leaf.Index : (ulong?)null;
            Check(envelope.PreviousConsentLeaf == expectedPrevious, $"leaf {link.Leaf.Index} links to the next older leaf of the trail",
                $"links to {envelope.PreviousConsentLeaf?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing (first consent)"}");
            if (link.Json is not null && link.Salt is not null)
            {
                var recomputed = SaltedCommitment.Compute(link.Salt, canonical.Canonicalize(link.Json));
                Check(recomputed == envelope.Commitment, $"{link.Subject} matches its leaf's commitment");
            }

            CheckInclusion(link.Leaf, checkpoint, $"leaf {link.Leaf.Index} is in the checkpoint's tree", Check);
        }

        if (trustedKeys.Count == 0)
        {
            Check(false, "the checkpoint is signed by a trusted key", "no trusted key given (--key)");
        }
        else
        {
            var result = new CheckpointVerifier(trustedKeys).Verify(trail.Checkpoint, checkpoint.Origin);
            Check(result.IsValid, "the checkpoint is signed by a trusted key", result.Message);
        }

        return steps;
    }

    private void CheckConsentLeaf(LedgerReceipt receipt, ReceiptLeaf leaf, Action<bool, string, string> check)
    {
        try
        {
            var consent = LeafEnvelope.Parse(leaf.Data);
            var (type, id, version) = SplitSubject(receipt.Subject);
            check(consent.Kind == LeafEnvelope.ConsentKind && consent.ResourceType == type && consent.Id == id && consent.VersionId == version,
                "the Consent leaf names the subject version", $"{consent.ResourceType}/{consent.Id}/_history/{consent.VersionId}");
            if (receipt.SubjectJson is not null && receipt.SubjectSalt is not null)
            {
                var recomputed = SaltedCommitment.Compute(receipt.SubjectSalt, canonical.Canonicalize(receipt.SubjectJson));
                check(recomputed == consent.Commitment, "the Consent content matches the consent leaf's commitment", $"recomputed {recomputed}");
            }

            check(consent.PreviousConsentLeaf is null || consent.PreviousConsentLeaf < leaf.Index, "the consent chain points backwards",
                consent.PreviousConsentLeaf is { } previous ? $"previous consent leaf {previous}" : "first consent of this patient");
        }
        catch (FormatException failure)
        {
            check(false, "the Consent leaf is a ledger envelope", failure.Message);
        }
    }

    private static void CheckInclusion(ReceiptLeaf leaf, Checkpoint checkpoint, string what, Action<bool, string, string> check)
    {
        var leafHash = Rfc6962Hasher.HashLeaf(leaf.Data);
        var proof = new InclusionProof(leaf.Index, checkpoint.TreeSize, leaf.InclusionProof);
        var result = ProofVerifier.VerifyInclusion(proof, leafHash, checkpoint.RootHash);
        check(result.IsValid, what, result.IsValid ? $"leaf {leaf.Index} of {checkpoint.TreeSize}" : result.Message ?? string.Empty);
    }

    private static void CheckConsistency(LedgerReceipt receipt, Checkpoint checkpoint, string trustedNote, IReadOnlyList<CheckpointPublicKey> trustedKeys, Action<bool, string, string> check)
    {
        Checkpoint trusted;
        try
        {
            trusted = Checkpoint.ParseNoteText(SignedNote.Parse(trustedNote).Text);
        }
        catch (FormatException failure)
        {
            check(false, "the trusted checkpoint is a signed note", failure.Message);
            return;
        }

        if (trustedKeys.Count > 0)
        {
            var signature = new CheckpointVerifier(trustedKeys).Verify(trustedNote, trusted.Origin);
            check(signature.IsValid, "the trusted checkpoint carries a trusted signature", signature.Message ?? string.Empty);
        }

        check(trusted.Origin == checkpoint.Origin, "both checkpoints are of the same log", $"{trusted.Origin} vs {checkpoint.Origin}");
        if (trusted.TreeSize == checkpoint.TreeSize)
        {
            check(trusted.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash), "the log was not rewritten since the trusted checkpoint", "same size, same root");
            return;
        }

        if (trusted.TreeSize > checkpoint.TreeSize || receipt.ConsistencyFrom != trusted.TreeSize)
        {
            check(false, "the log only grew since the trusted checkpoint",
                $"the receipt carries no consistency proof from size {trusted.TreeSize}; request it with ?consistencyFrom={trusted.TreeSize}");
            return;
        }

        var result = ProofVerifier.VerifyConsistency(new ConsistencyProof(trusted.TreeSize, checkpoint.TreeSize, receipt.ConsistencyProof), trusted.RootHash, checkpoint.RootHash);
        check(result.IsValid, "the log only grew since the trusted checkpoint", result.IsValid ? $"{trusted.TreeSize} → {checkpoint.TreeSize}" : result.Message ?? string.Empty);
    }

    private static (string Type, string Id, string Version) SplitSubject(string subject)
    {
        var parts = subject.Split('/');
        return parts.Length == 4 ? (parts[0], parts[1], parts[3]) : (string.Empty, string.Empty, string.Empty);
    }
}

/// <summary>One check of a verification and its outcome.</summary>
public sealed record VerificationStep(bool Passed, string What, string Detail);
