using System.CommandLine;
using FhirChainGateway.Cli.Audit;
using FhirChainGateway.Cli.Verification;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Storage.Sqlite.Ledger;

namespace FhirChainGateway.Cli.Commands;

/// <summary>
/// <c>fhirchain audit [--data DIR] [--ledger-data DIR] [--key FILE]</c>: re-hashes every stored resource version
/// and Provenance against the log and reports each mismatch. Exit 0 when clean, 1 when anything is reported,
/// 2 on usage errors. Run it against stopped services or a copy of their data.
/// </summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "The gateway's data directory (fhir.db, pseudonym.key); default FHIRCHAIN_DATA or ./data" };
        var ledgerData = new Option<DirectoryInfo?>("--ledger-data") { Description = "The ledger writer's data directory (ledger.db); default: the same as --data" };
        var key = new Option<FileInfo?>("--key") { Description = "Trusted checkpoint key (verifier keys or PEM); default: the ledger's own key file in its data directory" };
        var command = new Command("audit", "Re-hash every stored version and Provenance against the ledger and report each mismatch") { data, ledgerData, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dataDirectory = parse.GetValue(data)?.FullName ?? Environment.GetEnvironmentVariable("FHIRCHAIN_DATA") ?? "data";
            var ledgerDirectory = parse.GetValue(ledgerData)?.FullName ?? dataDirectory;
            var resourceDb = Path.Combine(dataDirectory, "fhir.db");
            var ledgerDb = Path.Combine(ledgerDirectory, "ledger.db");
            if (!File.Exists(resourceDb) || !File.Exists(ledgerDb))
            {
                Console.Error.WriteLine($"fhirchain: need {resourceDb} and {ledgerDb}");
                return 2;
            }

            var keyFile = parse.GetValue(key) ?? new FileInfo(Path.Combine(ledgerDirectory, "ledger-signing-key.pem"));
            IReadOnlyList<CheckpointPublicKey> trusted = [];
            using (var storage = SqliteLogStorage.Open(new SqliteLogStorageOptions { DatabasePath = ledgerDb }))
            {
                if (keyFile.Exists && await storage.ReadLatestCheckpointAsync(cancellationToken) is { } latest)
                {
                    trusted = TrustedKeys.Read(keyFile, latest.SignedNote).ToList();
                }
            }

            var auditor = new LedgerAuditor(new FhirCanonicalJson(FhirDefinitions.LoadDefault()));
            var report = await auditor.AuditAsync(new AuditInputs(resourceDb, ledgerDb, Path.Combine(dataDirectory, "pseudonym.key"), trusted), cancellationToken);
            foreach (var finding in report.Findings)
            {
                Console.WriteLine("MISMATCH  " + finding);
            }

            Console.WriteLine($"audited {report.ResourceVersions} resource versions and {report.Leaves} leaves ({report.LeavesAccountedFor} accounted for): "
                + (report.IsClean ? "no mismatch" : $"{report.Findings.Count} mismatch(es)")
                + (trusted.Count == 0 ? "; checkpoint signature not checked (no key)" : string.Empty));
            return report.IsClean ? 0 : 1;
        });
        return command;
    }
}
