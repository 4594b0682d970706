namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>
/// One entry of the published signing-key history, so verifiers can trust every key the log has used
/// and see when each was in service. A checkpoint body carries no time, so the window documents the
/// rotation; it is not checked against individual checkpoints.
/// </summary>
public sealed record CheckpointKeyRecord(
    string KeyName,
    uint KeyId,
    string PublicKeyPem,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo)
{
    public static CheckpointKeyRecord For(CheckpointPublicKey key, DateTimeOffset validFrom, DateTimeOffset? validTo = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new CheckpointKeyRecord(key.KeyName, key.KeyId, key.ToPem(), validFrom, validTo);
    }

    /// <summary>True when the key was in service at <paramref name="instant"/> (ValidTo exclusive).</summary>
    public bool IsValidAt(DateTimeOffset instant) => instant >= ValidFrom && (ValidTo is null || instant < ValidTo);

    /// <summary>The public key, after checking that the recorded key ID matches it.</summary>
    /// <exception cref="FormatException">The record's key ID does not belong to its key.</exception>
    public CheckpointPublicKey ToPublicKey()
    {
        var key = CheckpointPublicKey.FromPem(KeyName, PublicKeyPem);
        if (key.KeyId != KeyId)
        {
            throw new FormatException($"Key history entry for {KeyName} records key ID {KeyId:x8} but its key has {key.KeyId:x8}.");
        }

        return key;
    }
}
