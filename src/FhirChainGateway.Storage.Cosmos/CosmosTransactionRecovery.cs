using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Cosmos.Transactions;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// The recovery pass: every transaction record still present belongs to a batch that has not
/// finished, because the record is deleted last. Committed ones are rolled forward, aborted ones and
/// pending ones past their lease rolled back; staged outbox messages of batches that no longer exist
/// (a committer that crashed after its record was rolled back by someone else) are deleted.
/// </summary>
internal sealed class CosmosTransactionRecovery(CosmosStoreDatabase database, TransactionResolver resolver)
{
    public async Task<CosmosRecoveryReport> RecoverAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        int forward = 0, back = 0, inFlight = 0, orphans = 0;

        // Records live one per partition, so finding them is the one cross-partition query of recovery.
        var records = await database.System.QueryAllAsync(
            new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", DocumentKeys.TransactionKind),
            partitionKey: null,
            cancellationToken).ConfigureAwait(false);
        foreach (var item in records)
        {
            var record = CosmosJson.Deserialize<TransactionDocument>(item);
            switch (await resolver.ResolveAsync(record, cancellationToken).ConfigureAwait(false))
            {
                case RecoveryAction.RolledForward:
                    forward++;
                    break;
                case RecoveryAction.RolledBack:
                    back++;
                    break;
                case RecoveryAction.InFlight:
                    inFlight++;
                    break;
            }
        }

        var staged = await database.System.QueryAllAsync(
            new QueryDefinition("SELECT c.id, c.tx, c._etag FROM c WHERE c.pk = @pk AND c.kind = @kind AND c.state = @state")
                .WithParameter("@pk", DocumentKeys.OutboxPartition)
                .WithParameter("@kind", DocumentKeys.OutboxKind)
                .WithParameter("@state", OutboxStates.Staged),
            DocumentKeys.OutboxPartition,
            cancellationToken).ConfigureAwait(false);
        foreach (var item in staged)
        {
            var transactionId = item.GetProperty("tx").GetString()!;
            if (await resolver.ReadRecordAsync(transactionId, cancellationToken).ConfigureAwait(false) is null)
            {
                var result = await database.System.DeleteAsync(
                    item.GetProperty("id").GetString()!, DocumentKeys.OutboxPartition, item.GetProperty("_etag").GetString(), cancellationToken).ConfigureAwait(false);
                orphans += result.Succeeded ? 1 : 0;
            }
        }

        return new CosmosRecoveryReport(forward, back, inFlight, orphans);
    }
}
