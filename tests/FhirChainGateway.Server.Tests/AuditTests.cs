using System.Net;
using System.Text.Json.Nodes;
using FhirChainGateway.Cli.Audit;
using FhirChainGateway.Cli.Verification;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Storage.Sqlite.Ledger;
using FhirChainGateway.TestSupport;
using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Server.Tests;

/// <summary>
/// <c>fhirchain audit</c> over the data a real gateway wrote: clean as written, and each kind of tampering
/// with the SQLite files (a resource, a Provenance, a Consent, a log row, a tile, a deleted leaf) is reported.
/// </summary>
public sealed class AuditTests : IAsyncLifetime
{
    private static readonly LedgerAuditor Auditor = new(new FhirCanonicalJson(
        FhirDefinitions.Load(DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable))));

    private readonly TempDirectory _written = new();

    public async Task InitializeAsync()
    {
        await using var server = await GatewayServer.StartAsync();
        var patient = await CreateAsync(server, "Patient", """{"resourceType":"Patient","name":[{"family":"Audit","given":["Ada"]}]}""");
        await CreateAsync(server, "Observation", $$$"""{"resourceType":"Observation","status":"final","code":{"text":"heart rate"},"subject":{"reference":"Patient/{{{patient}}}"},"valueQuantity":{"value":61,"unit":"/min"}}""");
        await CreateAsync(server, "Consent", $$$"""{"resourceType":"Consent","status":"active","scope":{"text":"privacy"},"category":[{"text":"consent"}],"policyRule":{"text":"opt-in"},"patient":{"reference":"Patient/{{{patient}}}"}}""");
        using (var put = await server.PutJsonAsync($"Patient/{patient}", $$$"""{"resourceType":"Patient","id":"{{{patient}}}","name":[{"family":"Audit","given":["Ada","B."]}]}"""))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await server.WaitForQuietLedgerAsync();
        await server.StopAsync();
        foreach (var file in Directory.GetFiles(server.DataDirectory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(_written.Path, Path.GetFileName(file)));
        }
    }

    public Task DisposeAsync()
    {
        _written.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_data_as_written_audits_clean()
    {
        using var copy = Copy();

        var report = await AuditAsync(copy);

        report.Findings.ShouldBeEmpty();
        report.Leaves.ShouldBe(5); // four interactions and one consent-chain leaf
        report.LeavesAccountedFor.ShouldBe(5);
        report.ResourceVersions.ShouldBe(4);
    }

    [Theory]
    [InlineData("resource", "UPDATE resource_history SET json = CAST(replace(CAST(json AS TEXT), 'Ada', 'Eve') AS BLOB) WHERE rowid = (SELECT min(rowid) FROM resource_history WHERE CAST(json AS TEXT) LIKE '%Ada%')", "a changed resource")]
    [InlineData("provenance", "UPDATE resource_history SET json = CAST(replace(CAST(json AS TEXT), '\"create\"', '\"update\"') AS BLOB) WHERE rowid = (SELECT min(h.rowid) FROM resource_history h JOIN resources r ON r.resource_key = h.resource_key WHERE r.resource_type = 'Provenance')", "a changed Provenance")]
    [InlineData("consent", "UPDATE resource_history SET json = CAST(replace(CAST(json AS TEXT), 'active', 'rejected') AS BLOB) WHERE resource_key = (SELECT resource_key FROM resources WHERE resource_type = 'Consent')", "a changed")]
    [InlineData("quantity", "UPDATE resource_history SET json = CAST(replace(CAST(json AS TEXT), '61', '16') AS BLOB) WHERE resource_key = (SELECT resource_key FROM resources WHERE resource_type = 'Observation')", "a changed resource")]
    public async Task Tampering_with_the_resource_database_is_reported(string what, string sql, string reported)
    {
        using var copy = Copy();
        Execute(Path.Combine(copy.Path, "fhir.db"), sql).ShouldBe(1, what);

        var report = await AuditAsync(copy);

        report.Findings.ShouldContain(f => f.Contains(reported, StringComparison.Ordinal), string.Join("\n", report.Findings));
    }

    [Theory]
    [InlineData("leaf data", "UPDATE log_entries SET data = CAST(replace(CAST(data AS TEXT), '\"v\":1', '\"v\":2') AS BLOB) WHERE idx = 2", "changed log row")]
    [InlineData("leaf data and hash", "UPDATE log_entries SET data = CAST(replace(CAST(data AS TEXT), 'commitment\":\"', 'commitment\":\"0') AS BLOB), leaf_hash = zeroblob(32) WHERE idx = 1", "leaf 1")]
    [InlineData("deleted leaf", "DELETE FROM log_entries WHERE idx = 4", "leaves")]
    [InlineData("tile", "UPDATE log_tiles SET hashes = zeroblob(length(hashes)) WHERE level = 0", "changed tiles")]
    [InlineData("tree state", "UPDATE log_tree_state SET root_hash = zeroblob(32)", "rewritten tree")]
    public async Task Tampering_with_the_ledger_database_is_reported(string what, string sql, string reported)
    {
        using var copy = Copy();
        Execute(Path.Combine(copy.Path, "ledger.db"), sql).ShouldBeGreaterThan(0, what);

        var report = await AuditAsync(copy);

        report.Findings.ShouldContain(f => f.Contains(reported, StringComparison.Ordinal), string.Join("\n", report.Findings));
    }

    private TempDirectory Copy()
    {
        var copy = new TempDirectory();
        foreach (var file in Directory.GetFiles(_written.Path))
        {
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        }

        return copy;
    }

    private static async Task<AuditReport> AuditAsync(TempDirectory data)
    {
        var ledger = Path.Combine(data.Path, "ledger.db");
        IReadOnlyList<CheckpointPublicKey> keys;
        using (var storage = SqliteLogStorage.Open(new SqliteLogStorageOptions { DatabasePath = ledger }))
        {
            var latest = await storage.ReadLatestCheckpointAsync(CancellationToken.None);
            keys = TrustedKeys.Read(new FileInfo(Path.Combine(data.Path, "ledger-signing-key.pem")), latest!.SignedNote).ToList();
        }

        return await Auditor.AuditAsync(new AuditInputs(Path.Combine(data.Path, "fhir.db"), ledger, Path.Combine(data.Path, "pseudonym.key"), keys), CancellationToken.None);
    }

    private static int Execute(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static async Task<string> CreateAsync(GatewayServer server, string type, string json)
    {
        using var response = await server.PostJsonAsync(type, json);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }
}
