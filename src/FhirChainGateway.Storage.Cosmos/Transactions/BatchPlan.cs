using System.Text;
using System.Text.Unicode;
using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>
/// A validated <see cref="WriteBatch"/> turned into documents: per resource the versions to stage, and
/// the outbox messages. Built before any request is sent, so a malformed batch writes nothing.
/// </summary>
internal sealed class BatchPlan
{
    private BatchPlan(string transactionId, List<ResourcePlan> resources, IReadOnlyList<OutboxMessage> outbox)
    {
        TransactionId = transactionId;
        Resources = resources;
        Outbox = outbox;
    }

    public string TransactionId { get; }

    public List<ResourcePlan> Resources { get; }

    public IReadOnlyList<OutboxMessage> Outbox { get; }

    public bool IsEmpty => Resources.Count == 0 && Outbox.Count == 0;

    /// <param name="erasure">A resource to erase in the same transaction (its record is <paramref name="batch"/>).</param>
    public static BatchPlan Create(WriteBatch batch, string transactionId, CosmosStoreOptions options, ResourcePlan? erasure = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Resources.Count > options.MaxBatchResources)
        {
            throw new ArgumentException(
                $"The batch writes {batch.Resources.Count} resources; this store commits at most {options.MaxBatchResources} at once ({nameof(CosmosStoreOptions.MaxBatchResources)}).",
                nameof(batch));
        }

        var byResource = new Dictionary<(string Type, string Id), List<StagedVersion>>();
        var order = new List<(string Type, string Id)>();
        foreach (var write in batch.Resources)
        {
            Validate(write, batch);
            var key = (write.ResourceType, write.Id);
            if (!byResource.TryGetValue(key, out var versions))
            {
                versions = [];
                byResource.Add(key, versions);
                order.Add(key);
            }

            versions.Add(Stage(write, transactionId, options.InlineBodyLimitBytes));
        }

        foreach (var message in batch.Outbox)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(batch));
        }

        var resources = order.Select(key => new ResourcePlan(key.Type, key.Id, byResource[key])).ToList();
        if (erasure is not null)
        {
            if (byResource.ContainsKey((erasure.ResourceType, erasure.Id)))
            {
                throw new ArgumentException($"The erasure record may not write {erasure.ResourceType}/{erasure.Id} itself.", nameof(batch));
            }

            resources.Insert(0, erasure);
        }

        return new BatchPlan(transactionId, resources, batch.Outbox);
    }

    /// <summary>The commit record: every version written, so any process can finish or undo the batch.</summary>
    public TransactionDocument CreateRecord(DateTimeOffset now, TimeSpan lease) => new()
    {
        Id = TransactionId,
        PartitionKey = TransactionId,
        Kind = DocumentKeys.TransactionKind,
        State = TransactionStates.Pending,
        Started = CosmosTime.Format(now),
        Deadline = CosmosTime.Format(now + lease),
        OutboxCount = Outbox.Count,
        Writes =
        [
            .. Resources.Where(r => r.ErasedAt is not null).Select(r => new TransactionWrite
            {
                ResourceType = r.ResourceType,
                ResourceId = r.Id,
                PartitionKey = r.HomePartition,
                Erase = true,
            }),
            .. Resources.SelectMany(r => r.Versions).Select(v => new TransactionWrite
            {
                ResourceType = v.Document.ResourceType,
                ResourceId = v.Document.ResourceId,
                Version = v.Document.Version,
                PartitionKey = v.Document.PartitionKey,
                Chunks = v.Chunks.Count,
            }),
        ],
    };

    public OutboxDocument OutboxDocument(int index, long sequence)
    {
        var message = Outbox[index];
        return new OutboxDocument
        {
            Id = DocumentKeys.OutboxId(TransactionId, index),
            PartitionKey = DocumentKeys.OutboxPartition,
            Kind = DocumentKeys.OutboxKind,
            TransactionId = TransactionId,
            Sequence = sequence,
            State = OutboxStates.Staged,
            MessageId = message.MessageId,
            MessageType = message.MessageType,
            OrderingKey = message.OrderingKey,
            Payload = message.Payload.ToArray(),
            CreatedAt = CosmosTime.Format(message.CreatedAt),
        };
    }

    private static void Validate(ResourceWrite write, WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(write, nameof(batch));
        if (string.IsNullOrEmpty(write.ResourceType) || string.IsNullOrEmpty(write.Id) || write.VersionId < 1)
        {
            throw new ArgumentException($"Write of '{write.ResourceType}/{write.Id}' version {write.VersionId} has no type, id or valid version.", nameof(batch));
        }

        // Our document ids and partition keys join type and id with '|' and '/'; FHIR allows neither in them.
        if (write.ResourceType.AsSpan().IndexOfAny("|/\\?#") >= 0 || write.Id.AsSpan().IndexOfAny("|/\\?#") >= 0)
        {
            throw new ArgumentException($"Write of '{write.ResourceType}/{write.Id}': type and id may not contain | / \\ ? #.", nameof(batch));
        }

        if (write.Kind != WriteKind.Delete && !Utf8.IsValid(write.Json.Span))
        {
            // Bodies are stored as JSON strings; only valid UTF-8 round-trips to the same bytes.
            throw new ArgumentException($"Write of '{write.ResourceType}/{write.Id}': the resource body is not valid UTF-8.", nameof(batch));
        }

        ArgumentNullException.ThrowIfNull(write.SearchIndex, nameof(batch));
    }

    private static StagedVersion Stage(ResourceWrite write, string transactionId, int inlineLimit)
    {
        var deleted = write.Kind == WriteKind.Delete;
        var partition = DocumentKeys.DataPartition(write.ResourceType, write.Id, write.CompartmentKey);
        var document = new VersionDocument
        {
            Id = DocumentKeys.VersionId(write.ResourceType, write.Id, write.VersionId),
            PartitionKey = partition,
            Kind = DocumentKeys.VersionKind,
            ResourceType = write.ResourceType,
            ResourceId = write.Id,
            Version = write.VersionId,
            LastUpdated = CosmosTime.Format(write.LastUpdated),
            Deleted = deleted,
            TransactionId = transactionId,
            Compartment = string.IsNullOrEmpty(write.CompartmentKey) ? null : write.CompartmentKey,
            Index = deleted ? null : SearchIndexFields.Build(write.SearchIndex),
            Salt = write.Salt,
        };

        var chunks = new List<ChunkDocument>();
        if (!deleted)
        {
            var json = write.Json;
            if (json.Length <= inlineLimit)
            {
                document.Body = Encoding.UTF8.GetString(json.Span);
            }
            else
            {
                // Split on byte boundaries (chunks are base64, not text), next to the version document.
                for (var offset = 0; offset < json.Length; offset += inlineLimit)
                {
                    chunks.Add(new ChunkDocument
                    {
                        Id = DocumentKeys.ChunkId(write.ResourceType, write.Id, write.VersionId, chunks.Count),
                        PartitionKey = partition,
                        Kind = DocumentKeys.ChunkKind,
                        TransactionId = transactionId,
                        Data = json.Slice(offset, Math.Min(inlineLimit, json.Length - offset)).ToArray(),
                    });
                }

                document.Chunks = chunks.Count;
            }
        }

        return new StagedVersion(write, document, chunks);
    }
}
