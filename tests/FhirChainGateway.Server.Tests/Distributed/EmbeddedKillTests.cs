using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Server.Tests.Distributed;

/// <summary>
/// The embedded setup of <c>make run</c> (in-memory bus, writer in the gateway process) killed -9 in the middle of
/// an ingest: no event may be lost, although the in-memory bus forgets everything it held.
/// </summary>
public sealed class EmbeddedKillTests
{
    [TestDataFact]
    public async Task The_embedded_gateway_killed_mid_ingest_loses_no_ledger_event()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["Gateway:DataDirectory"] = data.Path,
            ["Gateway:DefinitionsSearchRoot"] = TestData.RepositoryRoot,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var files = SyntheaFiles.LoadOrder();

        await using (var gateway = await ServiceProcess.StartAsync("FhirChainGateway.Server", settings))
        {
            var ingest = Task.Run(async () =>
            {
                foreach (var file in files.Take(3))
                {
                    await SyntheaFiles.PostAsync(gateway.Client, file);
                }
            });

            // Kill while events are in flight between the outbox and the ledger.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await gateway.KillAsync();
            await Task.WhenAny(ingest, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        await using (var restarted = await ServiceProcess.StartAsync("FhirChainGateway.Server", settings))
        {
            await LedgerAudit.WaitForEmptyOutboxAsync(restarted.Client, TimeSpan.FromMinutes(2));
            var provenance = await LedgerAudit.ReadGatewayProvenanceAsync(restarted.Client);
            provenance.Count.ShouldBeGreaterThan(0);
            (await LedgerAudit.WaitForTreeSizeAsync(restarted.Client, (ulong)provenance.Count, TimeSpan.FromMinutes(1))).TreeSize.ShouldBe((ulong)provenance.Count);
            await restarted.KillAsync();
        }

        await LedgerAudit.AuditFilesAsync(data.Path, data.Path);
    }
}
