namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>
/// Verifies checkpoint notes against a set of trusted keys, following C2SP signed-note: signatures whose
/// (key name, key ID) pair is unknown are ignored; any signature by a known key must verify or the whole
/// note is rejected; at least one must verify. Several trusted keys let a verifier span a key rotation.
/// </summary>
public sealed class CheckpointVerifier
{
    private readonly Dictionary<(string KeyName, uint KeyId), CheckpointPublicKey> _trusted = [];

    public CheckpointVerifier(IEnumerable<CheckpointPublicKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        foreach (var key in trustedKeys)
        {
            if (_trusted.TryGetValue((key.KeyName, key.KeyId), out var existing) && !existing.Equals(key))
            {
                // Possible by design (key IDs are short), but two trusted keys must stay distinguishable.
                throw new ArgumentException($"Two different trusted keys share name {key.KeyName} and key ID {key.KeyId:x8}.", nameof(trustedKeys));
            }

            _trusted[(key.KeyName, key.KeyId)] = key;
        }

        if (_trusted.Count == 0)
        {
            throw new ArgumentException("At least one trusted key is needed.", nameof(trustedKeys));
        }
    }

    /// <summary>Trusts every key in a published key history.</summary>
    public static CheckpointVerifier FromKeyHistory(IEnumerable<CheckpointKeyRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new CheckpointVerifier(history.Select(record => record.ToPublicKey()).ToList());
    }

    public IReadOnlyCollection<CheckpointPublicKey> TrustedKeys => _trusted.Values;

    /// <summary>Verifies a whole checkpoint note from log <paramref name="expectedOrigin"/>.</summary>
    public CheckpointVerificationResult Verify(string signedNote, string expectedOrigin)
    {
        ArgumentNullException.ThrowIfNull(signedNote);
        SignedNote note;
        try
        {
            note = SignedNote.Parse(signedNote);
        }
        catch (NoteFormatException ex)
        {
            return CheckpointVerificationResult.Fail(CheckpointVerificationFailure.MalformedNote, ex.Message);
        }

        return Verify(note, expectedOrigin);
    }

    public CheckpointVerificationResult Verify(SignedNote note, string expectedOrigin)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(expectedOrigin);
        var message = NoteText.StrictUtf8.GetBytes(note.Text);
        var verifiedBy = new List<CheckpointPublicKey>();
        foreach (var signature in note.Signatures)
        {
            if (!_trusted.TryGetValue((signature.KeyName, signature.KeyId), out var key))
            {
                continue;
            }

            if (!key.Verifies(message, signature.Signature))
            {
                return CheckpointVerificationResult.Fail(
                    CheckpointVerificationFailure.InvalidSignature,
                    $"The signature by trusted key {key.KeyName} ({key.KeyId:x8}) does not verify.");
            }

            if (!verifiedBy.Contains(key))
            {
                verifiedBy.Add(key);
            }
        }

        if (verifiedBy.Count == 0)
        {
            return CheckpointVerificationResult.Fail(CheckpointVerificationFailure.NoTrustedSignature, "No signature by a trusted key.");
        }

        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.ParseNoteText(note.Text);
        }
        catch (NoteFormatException ex)
        {
            return CheckpointVerificationResult.Fail(CheckpointVerificationFailure.MalformedCheckpoint, ex.Message);
        }

        if (checkpoint.Origin != expectedOrigin)
        {
            return CheckpointVerificationResult.Fail(CheckpointVerificationFailure.OriginMismatch, "The checkpoint is from a different log.");
        }

        return new CheckpointVerificationResult(CheckpointVerificationFailure.None, "The checkpoint verifies.", checkpoint, verifiedBy);
    }
}
