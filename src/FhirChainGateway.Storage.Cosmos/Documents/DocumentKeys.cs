using System.Globalization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// Ids, partition keys and kinds of our documents. '|' separates parts because FHIR types and ids
/// cannot contain it and Cosmos ids allow it (they forbid / \ ? #); versions are zero-padded so ids sort
/// like versions in the data explorer.
/// </summary>
internal static class DocumentKeys
{
    public const string HeadKind = "head";
    public const string VersionKind = "ver";
    public const string ChunkKind = "chunk";
    public const string CurrentKind = "cur";
    public const string TransactionKind = "tx";
    public const string OutboxKind = "ob";
    public const string CounterKind = "counter";

    /// <summary>The one partition of outbox messages and their sequence counter.</summary>
    public const string OutboxPartition = "outbox";

    public const string OutboxCounterId = "counter|outbox";

    /// <summary>A resource's own partition: its head lives here, and so does its data when it has no compartment.</summary>
    public static string HomePartition(string resourceType, string id) => resourceType + "/" + id;

    /// <summary>The partition of a version's documents: the patient compartment when there is one.</summary>
    public static string DataPartition(string resourceType, string id, string? compartmentKey) =>
        string.IsNullOrEmpty(compartmentKey) ? HomePartition(resourceType, id) : compartmentKey;

    public static string HeadId(string resourceType, string id) => "h|" + resourceType + "|" + id;

    public static string CurrentId(string resourceType, string id) => "c|" + resourceType + "|" + id;

    public static string VersionId(string resourceType, string id, long version) =>
        "v|" + resourceType + "|" + id + "|" + version.ToString("D19", CultureInfo.InvariantCulture);

    public static string ChunkId(string resourceType, string id, long version, int chunk) =>
        VersionId(resourceType, id, version) + "|" + chunk.ToString(CultureInfo.InvariantCulture);

    public static string TransactionId(Guid transaction) => "tx|" + transaction.ToString("N");

    public static string OutboxId(string transactionId, int index) =>
        "o|" + transactionId + "|" + index.ToString(CultureInfo.InvariantCulture);
}
