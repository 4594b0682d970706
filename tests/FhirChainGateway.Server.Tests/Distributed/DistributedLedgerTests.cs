using System.Net;
using System.Text.Json;
using FhirChainGateway.Contracts;
using FhirChainGateway.TestSupport;
using MassTransit;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>Runs only where a real broker can be started; skipped with the reason otherwise.</summary>
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
        {
            Skip = "rabbitmq-server is not installed here (make test installs it with .ci/rabbitmq.sh install)";
        }
        else if (!TestData.IsAvailable)
        {
            Skip = TestData.MissingReason;
        }
    }
}

/// <summary>
/// The gateway and the ledger writer as separate processes over a real RabbitMQ broker, and the faults
/// production will meet: each test ends with the full ledger audit (every event exactly once, root equal
/// to a recomputation from the stored Provenance).
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DistributedLedgerTests(RabbitMqBroker broker)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    [BrokerFact]
    public async Task Events_flow_from_the_gateway_process_to_a_separate_writer_process()
    {
        await using var deployment = await StartAsync();
        var files = SyntheaFiles.LoadOrder();

        foreach (var file in files.Take(4))
        {
            await SyntheaFiles.PostAsync(deployment.Gateway!.Client, file);
        }

        await LedgerAudit.VerifyAsync(deployment.Gateway!.Client, deployment.Writer!.Client, Settle);

        // A receipt from the gateway, with the proof fetched from the writer's API, verifies offline.
        var provenanceId = System.Text.Json.JsonDocument.Parse((await LedgerAudit.ReadGatewayProvenanceAsync(deployment.Gateway!.Client))[^1]).RootElement.GetProperty("id").GetString();
        using var receiptResponse = await deployment.Gateway!.Client.GetAsync($"Provenance/{provenanceId}/_history/1/$ledger-receipt");
        var receiptBytes = await receiptResponse.Content.ReadAsByteArrayAsync();
        receiptResponse.StatusCode.ShouldBe(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(receiptBytes));
        var receipt = FhirChainGateway.Ledger.Receipts.LedgerReceipt.Parse(receiptBytes);
        var key = FhirChainGateway.Ledger.Checkpoints.CheckpointPublicKey.ParseVerifierKey(receipt.VerifierKeys[0]);
        var steps = new FhirChainGateway.Cli.Verification.ReceiptVerifier(new FhirChainGateway.Fhir.Serialization.FhirCanonicalJson(
            FhirChainGateway.Fhir.Definitions.FhirDefinitions.Load(FhirChainGateway.Fhir.Definitions.DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable))))
            .Verify(receipt, [key], null);
        steps.Where(s => !s.Passed).Select(s => s.What + ": " + s.Detail).ShouldBeEmpty();

        await deployment.StopAndAuditAsync();
    }

    [BrokerFact]
    public async Task The_broker_killed_mid_ingest_and_restarted_loses_nothing_and_duplicates_nothing()
    {
        await using var deployment = await StartAsync();
        var files = SyntheaFiles.LoadOrder();

        var ingest = Task.Run(async () =>
        {
            foreach (var file in files)
            {
                await SyntheaFiles.PostAsync(deployment.Gateway!.Client, file);
            }
        });
        await WaitForLedgerProgressAsync(deployment.Writer!.Client, minimum: 200);
        await broker.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await broker.RestartAsync();
        await ingest;

        await LedgerAudit.VerifyAsync(deployment.Gateway!.Client, deployment.Writer!.Client, Settle);
        await deployment.StopAndAuditAsync();
    }

    [BrokerFact]
    public async Task The_writer_killed_mid_stream_and_restarted_loses_nothing_and_duplicates_nothing()
    {
        await using var deployment = await StartAsync();
        var files = SyntheaFiles.LoadOrder();

        var ingest = Task.Run(async () =>
        {
            foreach (var file in files.Take(6))
            {
                await SyntheaFiles.PostAsync(deployment.Gateway!.Client, file);
            }
        });
        await WaitForLedgerProgressAsync(deployment.Writer!.Client, minimum: 200);
        await deployment.Writer!.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await deployment.StartWriterAsync();
        await ingest;

        await LedgerAudit.VerifyAsync(deployment.Gateway!.Client, deployment.Writer!.Client, Settle);
        await deployment.StopAndAuditAsync();
    }

    [BrokerFact]
    public async Task The_gateway_killed_between_commit_and_publish_delivers_from_its_outbox_after_restart()
    {
        await using var deployment = new Deployment(broker);
        await deployment.StartWriterAsync();

        // A broker address where nothing listens: commits succeed, nothing can be published.
        var gateway = await deployment.StartGatewayAsync("amqp://guest:guest@127.0.0.1:1/");
        var files = SyntheaFiles.LoadOrder();
        foreach (var file in files.Take(3))
        {
            await SyntheaFiles.PostAsync(gateway.Client, file);
        }

        (await PendingAsync(gateway.Client)).ShouldBeGreaterThan(0);
        (await LedgerAudit.CheckpointAsync(deployment.Writer!.Client)).TreeSize.ShouldBe(0UL);
        await gateway.KillAsync();

        await deployment.StartGatewayAsync();

        await LedgerAudit.VerifyAsync(deployment.Gateway!.Client, deployment.Writer!.Client, Settle);
        await deployment.StopAndAuditAsync();
    }

    [BrokerFact]
    public async Task The_same_event_delivered_twice_makes_one_leaf()
    {
        await using var deployment = await StartAsync();
        foreach (var file in SyntheaFiles.LoadOrder().Take(3))
        {
            await SyntheaFiles.PostAsync(deployment.Gateway!.Client, file);
        }

        await LedgerAudit.WaitForEmptyOutboxAsync(deployment.Gateway!.Client, Settle);
        var before = await LedgerAudit.WaitForTreeSizeAsync(deployment.Writer!.Client, 1, Settle);

        // Re-deliver an event exactly as the gateway sent it, twice, the way a broker redelivery would.
        using var entries = JsonDocument.Parse(await deployment.Writer!.Client.GetStringAsync("ledger/entries?start=0&count=1"));
        var first = entries.RootElement.GetProperty("entries")[0];
        var duplicate = new ProvenanceRecorded
        {
            EventId = first.GetProperty("eventId").GetGuid(),
            ProvenanceId = "redelivered",
            ProvenanceVersionId = 1,
            Recorded = DateTimeOffset.UtcNow,
            LeafKind = first.GetProperty("kind").GetString()!,
            LeafData = Convert.FromBase64String(first.GetProperty("data").GetString()!),
            OrderingKey = "test",
        };
        await SendAsync(deployment.Queue, duplicate, duplicate);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await LedgerAudit.CheckpointAsync(deployment.Writer!.Client);
        after.TreeSize.ShouldBe(before.TreeSize);
        await LedgerAudit.VerifyAsync(deployment.Gateway!.Client, deployment.Writer!.Client, Settle);
        await deployment.StopAndAuditAsync();
    }

    [BrokerFact]
    public async Task A_second_writer_on_the_same_ledger_waits_as_standby_and_takes_over()
    {
        await using var deployment = await StartAsync();
        await using var standby = await deployment.StartWriterProcessAsync(deployment.WriterDataDirectory);

        (await RoleAsync(standby.Client)).ShouldBe("standby");
        (await RoleAsync(deployment.Writer!.Client)).ShouldBe("active");

        await deployment.Writer!.KillAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await RoleAsync(standby.Client) != "active" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        (await RoleAsync(standby.Client)).ShouldBe("active");
        foreach (var file in SyntheaFiles.LoadOrder().Take(3))
        {
            await SyntheaFiles.PostAsync(deployment.Gateway!.Client, file);
        }

        await LedgerAudit.VerifyAsync(deployment.Gateway!.Client, standby.Client, Settle);
    }

    private async Task<Deployment> StartAsync()
    {
        var deployment = new Deployment(broker);
        await deployment.StartWriterAsync();
        await deployment.StartGatewayAsync();
        return deployment;
    }

    private async Task SendAsync(string queue, params ProvenanceRecorded[] messages)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(configure => configure.Host("127.0.0.1", (ushort)broker.Port, "/", host =>
        {
            host.Username("guest");
            host.Password("guest");
        }));
        await bus.StartAsync();
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri("queue:" + queue));
            foreach (var message in messages)
            {
                await endpoint.Send(message);
            }
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task WaitForLedgerProgressAsync(HttpClient writer, ulong minimum)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await LedgerAudit.CheckpointAsync(writer)).TreeSize < minimum)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The ledger never reached {minimum} entries.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<long> PendingAsync(HttpClient gateway)
    {
        using var body = JsonDocument.Parse(await gateway.GetStringAsync("health"));
        return body.RootElement.GetProperty("outbox").GetProperty("pending").GetInt64();
    }

    private static async Task<string> RoleAsync(HttpClient writer)
    {
        using var response = await writer.GetAsync("health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("role").GetString()!;
    }
}
