namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>
/// Keeps the published key history in step with the keys that actually sign: a key starts its window the
/// first time it signs and ends it when a publication happens without it. A rotated-out key therefore stays
/// listed (closed), so checkpoints it signed remain verifiable from the history alone.
/// </summary>
public static class CheckpointKeyHistory
{
    /// <summary>
    /// The history after a publication signed by <paramref name="signingKeys"/> at <paramref name="now"/>, or
    /// null when <paramref name="history"/> already says exactly that (nothing to write).
    /// </summary>
    public static IReadOnlyList<CheckpointKeyRecord>? Reconcile(
        IReadOnlyList<CheckpointKeyRecord> history,
        IReadOnlyList<CheckpointPublicKey> signingKeys,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(signingKeys);
        var changed = false;
        var result = new List<CheckpointKeyRecord>(history.Count + signingKeys.Count);
        foreach (var record in history)
        {
            if (record.ValidTo is null && !signingKeys.Any(key => Matches(record, key)))
            {
                result.Add(record with { ValidTo = now });
                changed = true;
            }
            else
            {
                result.Add(record);
            }
        }

        foreach (var key in signingKeys)
        {
            if (!history.Any(record => record.ValidTo is null && Matches(record, key)))
            {
                result.Add(CheckpointKeyRecord.For(key, now));
                changed = true;
            }
        }

        return changed ? result : null;
    }

    private static bool Matches(CheckpointKeyRecord record, CheckpointPublicKey key) =>
        record.KeyName == key.KeyName && record.KeyId == key.KeyId && record.PublicKeyPem == key.ToPem();
}
