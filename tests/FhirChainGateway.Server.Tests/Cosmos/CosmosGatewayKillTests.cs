using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirChainGateway.Server.Tests.Distributed;
using FhirChainGateway.TestSupport;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// Issue 6 acceptance on the Cosmos backend: the gateway process is killed (kill -9) while a large Synthea
/// transaction Bundle is being committed and restarted; after the start-up recovery the transaction is visible
/// completely or not at all (exactly as its commit point decided), and every write acknowledged before the
/// kill is still there.
/// </summary>
[Collection(CosmosGatewayCollection.Name)]
public sealed partial class CosmosGatewayKillTests(CosmosTestServer cosmos, ITestOutputHelper output)
{
    /// <summary>Kill rounds, each on another patient Bundle; each kill lands at a fresh random moment of its commit.</summary>
    private const int Rounds = 2;

    private const string AcknowledgedSystem = "urn:fhirchain:test:acknowledged";

    [CosmosSyntheaFact]
    public async Task The_gateway_killed_mid_transaction_recovers_it_all_or_nothing_and_loses_no_acknowledged_write()
    {
        var bundles = SyntheaBundle.PatientBundles();
        var baseline = bundles[Rounds];
        var targets = bundles.Take(Rounds).ToList();
        targets.ShouldAllBe(b => b.EntryCount >= 300, "the kill needs a transaction of several hundred entries");

        var databaseName = CosmosTestServer.NewDatabaseName();
        using var data = new TempDirectory();
        var gateway = await StartGatewayAsync(databaseName, data.Path);
        try
        {
            var acknowledged = new List<AcknowledgedWrite>();

            // Writes acknowledged before any kill: the organizations and practitioners the patients refer to, and
            // one whole patient, whose commit also tells how long a commit of this size takes here.
            acknowledged.AddRange(await PostBundleAsync(gateway.Client, SyntheaBundle.PreludeFor([.. targets, baseline])));
            using var baselineWatchLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var commitWatch = WatchForCommitAsync(databaseName, baseline.EntryCount, baselineWatchLimit.Token);
            var posted = Stopwatch.StartNew();
            acknowledged.AddRange(await PostBundleAsync(gateway.Client, await File.ReadAllTextAsync(baseline.File)));
            var responded = posted.Elapsed;
            var commitStarted = await commitWatch;
            var commitTime = responded - commitStarted;
            output.WriteLine($"Baseline: {baseline.EntryCount} entries answered after {responded.TotalSeconds:0.00} s, of which {commitTime.TotalSeconds:0.00} s after its transaction record appeared.");

            foreach (var target in targets)
            {
                var types = target.ResourceCounts.Keys.Append("Provenance").Distinct().ToList();
                var before = await CountByTypeAsync(gateway.Client, types);

                // Up to 80% of the commit time expected at this size, so that most kills land before the answer.
                var maximumDelay = commitTime * 0.8 * target.EntryCount / baseline.EntryCount;
                var kill = await KillDuringCommitAsync(gateway, databaseName, target, maximumDelay, acknowledged);
                await gateway.DisposeAsync();

                gateway = await StartGatewayAsync(databaseName, data.Path);
                var recoveryLine = await StartupRecoveryReportAsync(gateway);
                await WaitForNoUnfinishedBatchAsync(databaseName);

                var matches = await SearchTotalAsync(gateway.Client, $"Patient?identifier={SyntheaBundle.SyntheaIdentifierSystem}|{target.PatientIdentifier}");
                var after = await CountByTypeAsync(gateway.Client, types);
                matches.ShouldBeOneOf(0, 1);
                var visible = matches == 1;
                foreach (var (type, count) in target.ResourceCounts.Where(c => c.Key != "Provenance"))
                {
                    (after[type] - before[type]).ShouldBe(visible ? count : 0, $"{type}: the transaction is {(visible ? "visible" : "invisible")} by its Patient, so all or none of its {count} {type} resources must be");
                }

                // Provenance is written by the gateway for every interaction, so only a lower bound holds for it.
                (after["Provenance"] - before["Provenance"]).ShouldBeGreaterThanOrEqualTo(visible ? target.ResourceCounts.GetValueOrDefault("Provenance") + 1 : 0);

                // The outcome is the one its commit point decided: committed (or already finished) is rolled
                // forward, anything before the commit point is rolled back; an acknowledged one is never lost.
                if (kill.Acknowledged || kill.RecordState is null or "committed")
                {
                    visible.ShouldBeTrue($"the transaction was {(kill.Acknowledged ? "acknowledged" : kill.RecordState ?? "finished")} at the kill but is not visible");
                }
                else
                {
                    visible.ShouldBeFalse($"the transaction's record was '{kill.RecordState}' at the kill but it became visible");
                }

                await VerifyAcknowledgedAsync(gateway.Client, acknowledged);
                output.WriteLine(
                    $"{Path.GetFileName(target.File)} ({target.EntryCount} entries): killed {kill.Delay.TotalMilliseconds:0} ms into its commit "
                    + $"(at most {maximumDelay.TotalMilliseconds:0} ms), record '{kill.RecordState ?? "gone"}', response {(kill.Acknowledged ? "received" : "lost")}, "
                    + $"{kill.ConcurrentAcknowledged} concurrent creates acknowledged; after restart ({recoveryLine}) the transaction is {(visible ? "wholly visible" : "absent")}; "
                    + $"{acknowledged.Count} acknowledged writes all read back.");

                if (!visible)
                {
                    // What a client does after a lost response to a transaction that did not happen: send it again.
                    acknowledged.AddRange(await PostBundleAsync(gateway.Client, await File.ReadAllTextAsync(target.File)));
                    (await SearchTotalAsync(gateway.Client, $"Patient?identifier={SyntheaBundle.SyntheaIdentifierSystem}|{target.PatientIdentifier}")).ShouldBe(1);
                }
            }

            // Every committed interaction's event left the store exactly once: one outbox message per gateway
            // Provenance (rolled-forward batches included, rolled-back ones' staged messages removed), all sent.
            await LedgerAudit.WaitForEmptyOutboxAsync(gateway.Client, TimeSpan.FromMinutes(2));
            var provenance = await LedgerAudit.ReadGatewayProvenanceAsync(gateway.Client);
            var messages = await OutboxMessageStatesAsync(databaseName);
            messages.ShouldAllBe(state => state == "sent");
            messages.Count.ShouldBe(provenance.Count, "outbox messages differ from the interactions the gateway recorded");

            // Not asserted: behind the in-memory bus (this test's embedded deployment) a message is "sent" once it is
            // in the process's memory, so events the embedded writer had not yet sequenced die with the process.
            // With RabbitMQ a message is sent only once the broker has confirmed it.
            var checkpoint = await LedgerAudit.CheckpointAsync(gateway.Client);
            output.WriteLine($"{provenance.Count} gateway Provenance, {messages.Count} outbox messages sent, embedded ledger tree size {checkpoint.TreeSize}.");
        }
        finally
        {
            await gateway.DisposeAsync();
            await cosmos.DeleteDatabaseAsync(databaseName);
        }
    }

    /// <summary>
    /// Posts <paramref name="target"/>, waits until its commit has begun (its transaction record exists), keeps
    /// creating small resources meanwhile, and kills the gateway after a random delay of up to <paramref name="maximumDelay"/>.
    /// </summary>
    private async Task<KillOutcome> KillDuringCommitAsync(
        ServiceProcess gateway, string databaseName, SyntheaBundle target, TimeSpan maximumDelay, List<AcknowledgedWrite> acknowledged)
    {
        var body = await File.ReadAllBytesAsync(target.File);
        using var stopWatching = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var commit = WatchForCommitAsync(databaseName, target.EntryCount, stopWatching.Token);
        var post = PostRawAsync(gateway.Client, body);
        if (await Task.WhenAny(commit, post) == post)
        {
            await stopWatching.CancelAsync();
            (await post).ShouldBeNull("the transaction finished before its commit was seen; the kill would not be mid-commit");
            throw new InvalidOperationException($"The gateway died before the commit of {Path.GetFileName(target.File)} began:\n{gateway.Output}");
        }

        await commit;

        using var stopCreating = new CancellationTokenSource();
        var creates = CreateOrganizationsUntilStoppedAsync(gateway.Client, stopCreating.Token);
        var delay = maximumDelay * Random.Shared.NextDouble();
        await Task.Delay(delay);
        await gateway.KillAsync();
        await stopCreating.CancelAsync();
        var concurrent = await creates;
        acknowledged.AddRange(concurrent);

        var response = await post;
        var acknowledgedTransaction = response is not null;
        if (acknowledgedTransaction)
        {
            acknowledged.AddRange(ParseTransactionResponse(response!));
        }

        var state = await TransactionRecordStateAsync(databaseName, target.EntryCount);
        return new KillOutcome(delay, state, acknowledgedTransaction, concurrent.Count);
    }

    /// <summary>The response body of a transaction, or null when the connection died before it was answered.</summary>
    private static async Task<string?> PostRawAsync(HttpClient client, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
            using var response = await client.PostAsync(string.Empty, content);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text[..Math.Min(2000, text.Length)]);
            return text;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Creates one Organization after another until stopped or the gateway dies; returns those acknowledged.</summary>
    private static async Task<List<AcknowledgedWrite>> CreateOrganizationsUntilStoppedAsync(HttpClient client, CancellationToken stop)
    {
        var created = new List<AcknowledgedWrite>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var organization = $$"""{"resourceType":"Organization","identifier":[{"system":"{{AcknowledgedSystem}}","value":"{{Guid.NewGuid():N}}"}],"name":"concurrent {{n}}"}""";
            try
            {
                using var content = new StringContent(organization, Encoding.UTF8, "application/fhir+json");
                using var response = await client.PostAsync("Organization", content, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"A create during the transaction failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                var location = response.Headers.Location!.ToString();
                created.Add(new AcknowledgedWrite(FhirLocation.TypeAndId(location), FhirLocation.Version(location)));
            }
            catch (HttpRequestException)
            {
                // The gateway was killed: this create's outcome is unknown to the client, so it was not acknowledged.
                break;
            }
        }

        return created;
    }

    private static async Task<List<AcknowledgedWrite>> PostBundleAsync(HttpClient client, string bundle)
    {
        using var content = new StringContent(bundle, Encoding.UTF8, "application/fhir+json");
        using var response = await client.PostAsync(string.Empty, content);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text[..Math.Min(2000, text.Length)]);
        return ParseTransactionResponse(text);
    }

    private static List<AcknowledgedWrite> ParseTransactionResponse(string text)
    {
        using var result = JsonDocument.Parse(text);
        var writes = new List<AcknowledgedWrite>();
        foreach (var entry in result.RootElement.GetProperty("entry").EnumerateArray())
        {
            var response = entry.GetProperty("response");
            response.GetProperty("status").GetString().ShouldStartWith("20");
            if (response.TryGetProperty("location", out var location))
            {
                writes.Add(new AcknowledgedWrite(FhirLocation.TypeAndId(location.GetString()!), FhirLocation.Version(location.GetString()!)));
            }
        }

        return writes;
    }

    /// <summary>Every acknowledged write reads back at (at least) its acknowledged version; none of them is updated later.</summary>
    private static async Task VerifyAcknowledgedAsync(HttpClient client, IReadOnlyList<AcknowledgedWrite> acknowledged)
    {
        var lost = new List<string>();
        foreach (var write in acknowledged.DistinctBy(w => w.TypeAndId))
        {
            using var read = await client.GetAsync(write.TypeAndId);
            var version = read.StatusCode == HttpStatusCode.OK ? long.Parse(read.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture) : 0;
            if (version != acknowledged.Where(w => w.TypeAndId == write.TypeAndId).Max(w => w.Version))
            {
                lost.Add($"{write.TypeAndId}: {(int)read.StatusCode}, version {version}");
            }
        }

        lost.ShouldBeEmpty($"of {acknowledged.Count} acknowledged writes");
    }

    /// <summary>Resources of each type, counted by paging through the type's search (no count-only search exists yet).</summary>
    private static async Task<Dictionary<string, int>> CountByTypeAsync(HttpClient client, IEnumerable<string> types)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            counts[type] = await SearchTotalAsync(client, $"{type}?_count=1000");
        }

        return counts;
    }

    private static async Task<int> SearchTotalAsync(HttpClient client, string search)
    {
        var total = 0;
        string? next = search;
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            using var bundle = JsonDocument.Parse(text);
            total += bundle.RootElement.TryGetProperty("entry", out var entries) ? entries.GetArrayLength() : 0;
            next = bundle.RootElement.GetProperty("link").EnumerateArray()
                .Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString())
                .FirstOrDefault();
        }

        return total;
    }

    /// <summary>Completes with the time from now until a transaction record of at least <paramref name="writes"/> writes exists (a commit of that size has begun).</summary>
    private async Task<TimeSpan> WatchForCommitAsync(string databaseName, int writes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (await TransactionRecordStateAsync(databaseName, writes) is null)
        {
            await Task.Delay(10, cancellationToken);
        }

        return clock.Elapsed;
    }

    /// <summary>The state of the transaction record listing at least <paramref name="writes"/> writes, or null when there is none.</summary>
    private async Task<string?> TransactionRecordStateAsync(string databaseName, int writes)
    {
        var container = cosmos.Client.GetContainer(databaseName, "system");
        var query = new QueryDefinition("SELECT c.state, c.writes FROM c WHERE c.kind = @kind").WithParameter("@kind", "tx");
        using var iterator = container.GetItemQueryStreamIterator(query);
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content);
            foreach (var record in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                if (record.GetProperty("writes").GetArrayLength() >= writes)
                {
                    return record.GetProperty("state").GetString();
                }
            }
        }

        return null;
    }

    /// <summary>The state of every outbox message in the store (<c>staged</c>, <c>pending</c> or <c>sent</c>).</summary>
    private async Task<List<string>> OutboxMessageStatesAsync(string databaseName)
    {
        var container = cosmos.Client.GetContainer(databaseName, "system");
        var query = new QueryDefinition("SELECT c.state FROM c WHERE c.pk = @pk AND c.kind = @kind").WithParameter("@pk", "outbox").WithParameter("@kind", "ob");
        var states = new List<string>();
        using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("outbox") });
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync();
            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content);
            states.AddRange(json.RootElement.GetProperty("Documents").EnumerateArray().Select(d => d.GetProperty("state").GetString()!));
        }

        return states;
    }

    private async Task WaitForNoUnfinishedBatchAsync(string databaseName)
    {
        // A batch killed before its commit point stays locked until its lease (30 s) expires and the periodic
        // recovery rolls it back.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (await cosmos.CountTransactionRecordsAsync(databaseName) is var unfinished and > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{unfinished} batches are still unfinished after recovery");
            await Task.Delay(250);
        }
    }

    private Task<ServiceProcess> StartGatewayAsync(string databaseName, string dataDirectory)
    {
        var settings = cosmos.GatewaySettings(databaseName);
        settings["Gateway:DataDirectory"] = dataDirectory;
        settings["Gateway:DefinitionsSearchRoot"] = TestData.RepositoryRoot;
        settings["Storage:Cosmos:RecoveryInterval"] = "00:00:01";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:FhirChainGateway.Storage.Cosmos.CosmosStoreStartup"] = "Information";
        return ServiceProcess.StartAsync("FhirChainGateway.Server", settings, TimeSpan.FromMinutes(2));
    }

    /// <summary>The line the store logs after its start-up recovery pass (the log is written asynchronously, so wait for it).</summary>
    private static async Task<string> StartupRecoveryReportAsync(ServiceProcess gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (RecoveryReport().Match(gateway.Output) is { Success: false })
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"no recovery report in the restarted gateway's log:\n{gateway.Output}");
            await Task.Delay(100);
        }

        return RecoveryReport().Match(gateway.Output).Value;
    }

    [GeneratedRegex(@"Cosmos recovery: \d+ batches rolled forward, \d+ rolled back, \d+ in flight")]
    private static partial Regex RecoveryReport();

    private sealed record AcknowledgedWrite(string TypeAndId, long Version);

    /// <param name="RecordState">The transaction record right after the kill: pending, committed, aborted, or null when the batch had finished.</param>
    private sealed record KillOutcome(TimeSpan Delay, string? RecordState, bool Acknowledged, int ConcurrentAcknowledged);
}
