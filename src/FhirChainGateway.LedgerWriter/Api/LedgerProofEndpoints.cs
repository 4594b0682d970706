using System.Globalization;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FhirChainGateway.LedgerWriter.Api;

/// <summary>
/// <c>GET /ledger/proof/inclusion</c> and <c>GET /ledger/proof/consistency</c>. Sizes are bounded by the latest
/// signed checkpoint rather than the integrated tree: a client can only verify against a root it holds signed,
/// and the checkpoint's size is the default. Parameters are parsed here rather than bound, so every bad one
/// gets a 400 that says what is wrong.
/// </summary>
internal static class LedgerProofEndpoints
{
    private static readonly string[] LeafSelectors = ["index", "leafHash", "eventId"];

    /// <summary>
    /// <c>?index=N</c>, <c>?leafHash=base64</c> or <c>?eventId=guid</c> (exactly one), and optionally <c>&amp;size=N</c>
    /// (default: the latest checkpoint's tree size).
    /// </summary>
    public static async Task<IResult> InclusionAsync(HttpRequest request, TransparencyLog log, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var selectors = LeafSelectors.Where(query.ContainsKey).ToList();
        if (selectors.Count != 1)
        {
            return LedgerProblems.BadRequest("Name the leaf with exactly one of the parameters index, leafHash or eventId.");
        }

        var checkpoint = await log.GetCheckpointAsync(cancellationToken);
        if (checkpoint is null)
        {
            return LedgerProblems.NoCheckpoint();
        }

        if (ReadSize(query, "size", checkpoint, out var size) is { } badSize)
        {
            return badSize;
        }

        if (size == 0)
        {
            return LedgerProblems.BadRequest("size must be at least 1: the empty tree has no leaves.");
        }

        LogEntryRecord? entry;
        InclusionProof? proof = null;
        switch (selectors[0])
        {
            case "index":
                if (!TryParseCount(query["index"], out var index))
                {
                    return LedgerProblems.BadRequest("index must be a non-negative integer.");
                }

                if (index >= size)
                {
                    return LedgerProblems.BadRequest($"index {index} is not below the tree size {size}.");
                }

                entry = (await log.GetEntriesAsync(index, 1, cancellationToken)).SingleOrDefault();
                break;

            case "leafHash":
                if (!TryParseHash(query["leafHash"], out var leafHash))
                {
                    return LedgerProblems.BadRequest($"leafHash must be the base64 (or base64url) of a {Rfc6962Hasher.HashSize}-byte leaf hash.");
                }

                proof = await log.GetInclusionProofByLeafHashAsync(leafHash, size, cancellationToken);
                if (proof is null)
                {
                    return LedgerProblems.NotFound($"No leaf with that hash is in the tree of size {size}.");
                }

                entry = (await log.GetEntriesAsync(proof.LeafIndex, 1, cancellationToken)).SingleOrDefault();
                break;

            default:
                if (!Guid.TryParse(query["eventId"].ToString(), out var eventId))
                {
                    return LedgerProblems.BadRequest("eventId must be a GUID.");
                }

                entry = await log.GetEntryByEventIdAsync(eventId, cancellationToken);
                if (entry is null)
                {
                    return LedgerProblems.NotFound($"The ledger has no entry for event {eventId}.");
                }

                if (entry.Index >= size)
                {
                    return LedgerProblems.NotFound($"Event {eventId} is entry {entry.Index}, which the tree of size {size} does not cover yet; retry after the next checkpoint.");
                }

                break;
        }

        if (entry is null)
        {
            // Below a published size every entry exists; this would be storage damage, not a bad request.
            return Results.Problem("The entry is missing from ledger storage.", statusCode: StatusCodes.Status500InternalServerError);
        }

        proof ??= await log.GetInclusionProofAsync(entry.Index, size, cancellationToken);
        var note = size == checkpoint.TreeSize ? checkpoint.SignedNote : (await log.Reader.GetCheckpointAsync(size, cancellationToken))?.SignedNote;
        return Results.Json(
            new InclusionProofResponse(proof.LeafIndex, proof.TreeSize, proof.Hashes, LedgerEntryResponse.From(entry), note),
            LedgerApiJson.Options);
    }

    /// <summary><c>?from=N</c> (at least 1) and optionally <c>&amp;to=N</c> (default: the latest checkpoint's tree size).</summary>
    public static async Task<IResult> ConsistencyAsync(HttpRequest request, TransparencyLog log, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (!query.ContainsKey("from"))
        {
            return LedgerProblems.BadRequest("from (the tree size you hold a checkpoint for) is required.");
        }

        if (!TryParseCount(query["from"], out var from))
        {
            return LedgerProblems.BadRequest("from must be a non-negative integer.");
        }

        if (from == 0)
        {
            return LedgerProblems.BadRequest("from must be at least 1: RFC 9162 defines no consistency proof from the empty tree (every tree extends it).");
        }

        var checkpoint = await log.GetCheckpointAsync(cancellationToken);
        if (checkpoint is null)
        {
            return LedgerProblems.NoCheckpoint();
        }

        if (ReadSize(query, "to", checkpoint, out var to) is { } badSize)
        {
            return badSize;
        }

        if (from > to)
        {
            return LedgerProblems.BadRequest($"from ({from}) must not exceed to ({to}).");
        }

        var proof = await log.GetConsistencyProofAsync(from, to, cancellationToken);
        var note = to == checkpoint.TreeSize ? checkpoint.SignedNote : (await log.Reader.GetCheckpointAsync(to, cancellationToken))?.SignedNote;
        return Results.Json(new ConsistencyProofResponse(proof.FromSize, proof.ToSize, proof.Hashes, note), LedgerApiJson.Options);
    }

    /// <summary>A tree size parameter, defaulting to the checkpoint's; null when valid, else the 400 to answer.</summary>
    private static IResult? ReadSize(IQueryCollection query, string name, StoredCheckpoint checkpoint, out ulong size)
    {
        size = checkpoint.TreeSize;
        if (!query.ContainsKey(name))
        {
            return null;
        }

        if (!TryParseCount(query[name], out size))
        {
            return LedgerProblems.BadRequest($"{name} must be a non-negative integer.");
        }

        return size > checkpoint.TreeSize
            ? LedgerProblems.BadRequest($"{name} {size} is beyond the latest checkpoint's tree size {checkpoint.TreeSize}.")
            : null;
    }

    private static bool TryParseCount(StringValues value, out ulong result) =>
        ulong.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out result) && value.Count == 1;

    private static bool TryParseHash(StringValues value, out byte[] hash)
    {
        hash = [];
        if (value.Count != 1)
        {
            return false;
        }

        // An unescaped '+' arrives as a space; base64url ('-', '_', no padding) is accepted too.
        var text = value.ToString().Trim().Replace(' ', '+').Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[Rfc6962Hasher.HashSize + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != Rfc6962Hasher.HashSize)
        {
            return false;
        }

        hash = buffer[..Rfc6962Hasher.HashSize];
        return true;
    }
}
