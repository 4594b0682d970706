using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;

namespace FhirChainGateway.LedgerWriter.Api;

// The JSON answers of the ledger API, as records so that clients (the gateway in External mode, the CLI)
// deserialize exactly what the writer serializes. Serialized with LedgerApiJson.Options: camelCase names,
// byte arrays as standard base64 strings, null members written out.

/// <summary>Serializer settings of the ledger API; read its answers with the same settings.</summary>
public static class LedgerApiJson
{
    /// <summary>
    /// Web defaults, with '+' and non-ASCII (the signed note's em dash) written as themselves rather than
    /// \u escapes, so notes and verifier keys can be copied from <c>curl</c> output; these answers are never
    /// embedded in HTML, which is what the stricter default encoder protects.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        // Shared by every caller: frozen so that nobody can change the wire format for everyone else.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary><c>GET /ledger/checkpoint?format=json</c>: the latest checkpoint and its signed note.</summary>
public sealed record CheckpointResponse(ulong TreeSize, byte[] RootHash, string PublishedAt, string Checkpoint)
{
    public static CheckpointResponse From(StoredCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new CheckpointResponse(
            checkpoint.TreeSize,
            checkpoint.RootHash,
            checkpoint.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            checkpoint.SignedNote);
    }
}

/// <summary>One log entry: its index, event id, kind, the exact leaf data and its RFC 9162 leaf hash.</summary>
public sealed record LedgerEntryResponse(ulong Index, Guid EventId, string Kind, byte[] Data, byte[] LeafHash)
{
    public static LedgerEntryResponse From(LogEntryRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new LedgerEntryResponse(entry.Index, entry.EventId, entry.Kind, entry.Data, entry.LeafHash);
    }
}

/// <summary><c>GET /ledger/entries?start=&amp;count=</c>: integrated entries from <paramref name="Start"/>.</summary>
public sealed record LedgerEntriesResponse(ulong Start, ulong TreeSize, IReadOnlyList<LedgerEntryResponse> Entries);

/// <summary>
/// <c>GET /ledger/proof/inclusion</c>: the audit path of <paramref name="Entry"/> in the tree of
/// <paramref name="TreeSize"/> leaves, bottom up, and the signed note of that size when one was published
/// (always for the default size, the latest checkpoint's).
/// </summary>
public sealed record InclusionProofResponse(ulong LeafIndex, ulong TreeSize, IReadOnlyList<byte[]> Hashes, LedgerEntryResponse Entry, string? Checkpoint)
{
    /// <summary>The proof for <see cref="ProofVerifier.VerifyInclusion"/>.</summary>
    public InclusionProof ToProof() => new(LeafIndex, TreeSize, Hashes);
}

/// <summary>
/// <c>GET /ledger/proof/consistency?from=&amp;to=</c>: proof that the tree of <paramref name="FromSize"/> leaves
/// is a prefix of the one of <paramref name="ToSize"/>, and the signed note of <paramref name="ToSize"/> when one was published.
/// </summary>
public sealed record ConsistencyProofResponse(ulong FromSize, ulong ToSize, IReadOnlyList<byte[]> Hashes, string? Checkpoint)
{
    /// <summary>The proof for <see cref="ProofVerifier.VerifyConsistency"/>.</summary>
    public ConsistencyProof ToProof() => new(FromSize, ToSize, Hashes);
}

/// <summary>
/// One signing key of the history: <paramref name="KeyId"/> as 8 lower-case hex digits, the note verifier key
/// (<c>name+keyid+base64</c>) and the PEM public key; <paramref name="ValidTo"/> null while the key still signs.
/// </summary>
public sealed record LedgerKeyResponse(string KeyName, string KeyId, string VerifierKey, string PublicKeyPem, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo)
{
    public static LedgerKeyResponse From(CheckpointKeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new LedgerKeyResponse(
            record.KeyName,
            record.KeyId.ToString("x8", CultureInfo.InvariantCulture),
            record.ToPublicKey().ToVerifierKey(),
            record.PublicKeyPem,
            record.ValidFrom,
            record.ValidTo);
    }

    /// <summary>The history record, for <see cref="CheckpointKeyRecord.ToPublicKey"/> (which checks the key id).</summary>
    public CheckpointKeyRecord ToRecord() =>
        new(KeyName, uint.Parse(KeyId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), PublicKeyPem, ValidFrom, ValidTo);
}

/// <summary><c>GET /ledger/keys</c>: the log's origin and every key that has signed its checkpoints, oldest first.</summary>
public sealed record LedgerKeysResponse(string Origin, IReadOnlyList<LedgerKeyResponse> Keys);

/// <summary>
/// <c>GET /ledger/consent-chain?patient=&lt;pseudonym&gt;</c>: a patient's consent chain, newest leaf first, each leaf
/// with its inclusion proof into the checkpoint of <paramref name="TreeSize"/> leaves.
/// </summary>
public sealed record ConsentChainResponse(ulong TreeSize, string Checkpoint, IReadOnlyList<InclusionProofResponse> Leaves);
