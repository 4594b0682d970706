using System.Security.Cryptography;
using System.Text.Json;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Tiles;
using FhirChainGateway.Storage.Sqlite;
using FhirChainGateway.Storage.Sqlite.Ledger;

namespace FhirChainGateway.Cli.Audit;

/// <summary>
/// Re-hashes everything on disk against the log: every resource version against the commitment its
/// Provenance made, every Provenance and Consent version against its leaf, every leaf against its stored
/// hash, the tree (recomputed from the leaves) against the stored tree state, the stored tiles and the
/// signed checkpoint. Reports each mismatch: a changed resource, a missing or extra leaf, a rewritten tree.
/// </summary>
public sealed class LedgerAuditor(FhirCanonicalJson canonical)
{
    public async Task<AuditReport> AuditAsync(AuditInputs inputs, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        var pseudonymizer = inputs.PseudonymKeyPath is { } keyPath && File.Exists(keyPath) ? new PatientPseudonymizer(await File.ReadAllBytesAsync(keyPath, cancellationToken)) : null;

        // The log: entries, their hashes, the tree.
        using var storage = SqliteLogStorage.Open(new SqliteLogStorageOptions { DatabasePath = inputs.LedgerDatabase });
        var sequenced = await storage.ReadSequencedSizeAsync(cancellationToken);
        var entries = new List<LogEntryRecord>((int)Math.Min(sequenced, int.MaxValue));
        for (ulong start = 0; start < sequenced; start += 10_000)
        {
            entries.AddRange(await storage.ReadEntriesAsync(start, (int)Math.Min(10_000, sequenced - start), cancellationToken));
        }

        var leafHashes = new List<byte[]>(entries.Count);
        foreach (var entry in entries)
        {
            var recomputed = FhirChainGateway.Ledger.Hashing.Rfc6962Hasher.HashLeaf(entry.Data);
            if (!recomputed.AsSpan().SequenceEqual(entry.LeafHash))
            {
                findings.Add($"leaf {entry.Index}: its data does not hash to the stored leaf hash (a changed log row)");
            }

            leafHashes.Add(recomputed);
        }

        var state = await storage.ReadTreeStateAsync(cancellationToken);
        if (state.Size > (ulong)leafHashes.Count)
        {
            findings.Add($"tree state claims {state.Size} leaves but only {leafHashes.Count} are stored");
        }
        else
        {
            var root = MerkleRoot(leafHashes, (int)state.Size);
            if (!root.AsSpan().SequenceEqual(state.RootHash))
            {
                findings.Add($"the stored tree root at size {state.Size} is not the root of the stored leaves (a rewritten tree)");
            }

            if (state.Size > 0)
            {
                await CheckTilesAsync(new LogReader(storage, new TileCache(256)), state.Size, root, leafHashes, findings, cancellationToken);
            }

            var checkpoint = await storage.ReadLatestCheckpointAsync(cancellationToken);
            if (checkpoint is not null)
            {
                CheckCheckpoint(checkpoint, leafHashes, inputs.TrustedKeys, findings);
            }
        }

        // The resource store against the log.
        var leavesByEvent = new Dictionary<Guid, (LogEntryRecord Entry, LeafEnvelope? Envelope)>();
        foreach (var entry in entries)
        {
            LeafEnvelope? envelope = null;
            try
            {
                envelope = LeafEnvelope.Parse(entry.Data);
            }
            catch (FormatException failure)
            {
                findings.Add($"leaf {entry.Index}: not a ledger envelope ({failure.Message})");
            }

            leavesByEvent[entry.EventId] = (entry, envelope);
        }

        var consentLeaves = leavesByEvent.Values
            .Where(l => l.Envelope is { Kind: LeafEnvelope.ConsentKind })
            .GroupBy(l => $"{l.Envelope!.ResourceType}/{l.Envelope.Id}/_history/{l.Envelope.VersionId}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.First().Entry, g.First().Envelope!), StringComparer.Ordinal);
        var accounted = new HashSet<Guid>();
        var committed = new Dictionary<string, string>(StringComparer.Ordinal);
        var versions = new List<StoredVersionRow>();
        var provenance = new List<StoredVersionRow>();
        await foreach (var row in SqliteVersionReader.ReadAllAsync(inputs.ResourceDatabase, cancellationToken))
        {
            (row.ResourceType == "Provenance" && !row.IsErased && !row.IsDeleted ? provenance : versions).Add(row);
        }

        // Clients post Provenance of their own (Synthea does); those are ordinary resources, recorded as the
        // target of the gateway's Provenance. The gateway's own Provenance are the ones nothing else records.
        foreach (var row in provenance)
        {
            CollectTargets(row, committed, findings);
        }

        foreach (var row in provenance)
        {
            if (committed.ContainsKey(row.VersionedReference))
            {
                versions.Add(row);
            }
            else
            {
                CheckProvenance(row, leavesByEvent, accounted, pseudonymizer, findings);
            }
        }

        var counted = 0;
        foreach (var row in versions)
        {
            if (row.IsErased || row.IsDeleted)
            {
                continue;
            }

            counted++;
            if (row.Salt is null)
            {
                findings.Add($"{row.VersionedReference}: no commitment salt stored");
                continue;
            }

            var commitment = Commit(row.Salt, row.Json, row.VersionedReference, findings);
            if (!committed.TryGetValue(row.VersionedReference, out var expected))
            {
                findings.Add($"{row.VersionedReference}: no Provenance records this version");
            }
            else if (commitment is not null && commitment != expected)
            {
                findings.Add($"{row.VersionedReference}: content does not match the commitment its Provenance made (a changed resource)");
            }

            if (row.ResourceType == "Consent" && row.Compartment is not null)
            {
                CheckConsentLeaf(row, commitment, consentLeaves, accounted, findings);
            }
        }

        foreach (var (eventId, leaf) in leavesByEvent)
        {
            if (!accounted.Contains(eventId))
            {
                findings.Add($"leaf {leaf.Entry.Index} (event {eventId}): no stored Provenance or Consent version accounts for it (an extra leaf)");
            }
        }

        return new AuditReport(findings, entries.Count, counted, accounted.Count);
    }

    /// <summary>
    /// Proofs are served from the stored tiles: proofs for a spread of leaves (all of them in small logs) must
    /// verify against the root recomputed from the leaves, or the tiles were changed.
    /// </summary>
    private static async Task CheckTilesAsync(LogReader reader, ulong size, byte[] root, List<byte[]> leafHashes, List<string> findings, CancellationToken cancellationToken)
    {
        var step = Math.Max(1UL, size / 2048);
        for (ulong index = 0; index < size; index += step)
        {
            var proof = await reader.GetInclusionProofAsync(index, size, cancellationToken);
            if (!FhirChainGateway.Ledger.Proofs.ProofVerifier.VerifyInclusion(proof, leafHashes[(int)index], root).IsValid)
            {
                findings.Add($"the inclusion proof of leaf {index} served from the stored tiles does not verify (changed tiles)");
                return;
            }
        }
    }

    private void CheckProvenance(
        StoredVersionRow row,
        Dictionary<Guid, (LogEntryRecord Entry, LeafEnvelope? Envelope)> leaves,
        HashSet<Guid> accounted,
        PatientPseudonymizer? pseudonymizer,
        List<string> findings)
    {
        if (!Guid.TryParse(row.Id, out var eventId) || !leaves.TryGetValue(eventId, out var leaf))
        {
            findings.Add($"{row.VersionedReference}: no ledger leaf (a missing leaf)");
            return;
        }

        accounted.Add(eventId);
        if (row.Salt is null)
        {
            findings.Add($"{row.VersionedReference}: no commitment salt stored");
            return;
        }

        var commitment = Commit(row.Salt, row.Json, row.VersionedReference, findings);
        if (leaf.Envelope is { } envelope)
        {
            if (envelope.ResourceType != "Provenance" || envelope.Id != row.Id || envelope.Commitment != commitment)
            {
                findings.Add($"{row.VersionedReference}: does not match its ledger leaf {leaf.Entry.Index} (a changed Provenance)");
            }

            if (pseudonymizer is not null && envelope.Patient != (row.Compartment is null ? null : pseudonymizer.Pseudonymize(row.Compartment)))
            {
                findings.Add($"{row.VersionedReference}: its leaf's patient pseudonym does not match the stored compartment");
            }
        }

    }

    /// <summary>The commitments a Provenance made to the versions it recorded as created or updated.</summary>
    private static void CollectTargets(StoredVersionRow row, Dictionary<string, string> committed, List<string> findings)
    {
        try
        {
            using var document = JsonDocument.Parse(row.Json);
            foreach (var target in document.RootElement.GetProperty("target").EnumerateArray())
            {
                string? value = null;
                string? operation = null;
                if (target.TryGetProperty("extension", out var extensions))
                {
                    foreach (var extension in extensions.EnumerateArray())
                    {
                        var url = extension.GetProperty("url").GetString();
                        if (url!.EndsWith("/target-commitment", StringComparison.Ordinal))
                        {
                            value = extension.GetProperty("valueString").GetString();
                        }
                        else if (url.EndsWith("/target-operation", StringComparison.Ordinal))
                        {
                            operation = extension.GetProperty("valueCode").GetString();
                        }
                    }
                }

                if (value is not null && operation is "create" or "update")
                {
                    committed[target.GetProperty("reference").GetString()!] = value;
                }
            }
        }
        catch (Exception failure) when (failure is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            findings.Add($"{row.VersionedReference}: unreadable Provenance ({failure.Message})");
        }
    }

    private static void CheckConsentLeaf(
        StoredVersionRow row,
        string? commitment,
        Dictionary<string, (LogEntryRecord Entry, LeafEnvelope Envelope)> consentLeaves,
        HashSet<Guid> accounted,
        List<string> findings)
    {
        if (!consentLeaves.TryGetValue(row.VersionedReference, out var match))
        {
            findings.Add($"{row.VersionedReference}: no consent-chain leaf (a missing leaf)");
            return;
        }

        accounted.Add(match.Entry.EventId);
        if (match.Envelope.Commitment != commitment)
        {
            findings.Add($"{row.VersionedReference}: does not match its consent leaf {match.Entry.Index} (a changed Consent)");
        }
    }

    private string? Commit(byte[] salt, byte[] json, string reference, List<string> findings)
    {
        try
        {
            return SaltedCommitment.Compute(salt, canonical.Canonicalize(json));
        }
        catch (Exception failure) when (failure is FhirChainGateway.Fhir.Errors.FhirException or ArgumentException)
        {
            findings.Add($"{reference}: stored content is not valid JSON any more (a changed resource)");
            return null;
        }
    }

    private static void CheckCheckpoint(StoredCheckpoint checkpoint, List<byte[]> leafHashes, IReadOnlyList<CheckpointPublicKey> trustedKeys, List<string> findings)
    {
        if (checkpoint.TreeSize > (ulong)leafHashes.Count)
        {
            findings.Add($"the latest checkpoint covers {checkpoint.TreeSize} leaves but only {leafHashes.Count} are stored (missing leaves)");
            return;
        }

        if (!MerkleRoot(leafHashes, (int)checkpoint.TreeSize).AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            findings.Add($"the signed checkpoint at size {checkpoint.TreeSize} does not match the stored leaves (a rewritten tree)");
        }

        if (trustedKeys.Count > 0)
        {
            var note = SignedNote.Parse(checkpoint.SignedNote);
            var origin = Checkpoint.ParseNoteText(note.Text).Origin;
            var verified = new CheckpointVerifier(trustedKeys).Verify(checkpoint.SignedNote, origin);
            if (!verified.IsValid)
            {
                findings.Add($"the latest checkpoint's signature does not verify: {verified.Message}");
            }
        }
    }

    /// <summary>RFC 9162 MTH of the first <paramref name="size"/> leaf hashes.</summary>
    private static byte[] MerkleRoot(List<byte[]> leafHashes, int size)
    {
        if (size == 0)
        {
            return SHA256.HashData([]);
        }

        // Incremental stack of perfect subtrees, the usual O(log n) way.
        var stack = new List<(byte[] Hash, int Height)>();
        for (var i = 0; i < size; i++)
        {
            var node = (Hash: leafHashes[i], Height: 0);
            while (stack.Count > 0 && stack[^1].Height == node.Height)
            {
                node = (FhirChainGateway.Ledger.Hashing.Rfc6962Hasher.HashChildren(stack[^1].Hash, node.Hash), node.Height + 1);
                stack.RemoveAt(stack.Count - 1);
            }

            stack.Add(node);
        }

        var root = stack[^1].Hash;
        for (var i = stack.Count - 2; i >= 0; i--)
        {
            root = FhirChainGateway.Ledger.Hashing.Rfc6962Hasher.HashChildren(stack[i].Hash, root);
        }

        return root;
    }
}

/// <summary>What <see cref="LedgerAuditor"/> reads.</summary>
public sealed record AuditInputs(string ResourceDatabase, string LedgerDatabase, string? PseudonymKeyPath, IReadOnlyList<CheckpointPublicKey> TrustedKeys);

/// <summary>Every mismatch found, and how much was checked.</summary>
public sealed record AuditReport(IReadOnlyList<string> Findings, int Leaves, int ResourceVersions, int LeavesAccountedFor)
{
    public bool IsClean => Findings.Count == 0;
}
