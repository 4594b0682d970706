using System.CommandLine;
using FhirChainGateway.Cli.Verification;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Receipts;

namespace FhirChainGateway.Cli.Commands;

/// <summary>
/// <c>fhirchain verify RECEIPT [--key FILE]... [--checkpoint FILE]</c>: offline verification of a ledger receipt
/// (from <c>GET /{type}/{id}/_history/{vid}/$ledger-receipt</c>). Exit 0 when every check passes, 1 when one
/// fails, 2 on usage errors.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var receipt = new Argument<FileInfo>("receipt") { Description = "The receipt Bundle (JSON)" };
        var keys = new Option<FileInfo[]>("--key")
        {
            Description = "Trusted checkpoint key: a file of C2SP verifier keys (one per line, as GET /ledger/keys lists them) or a PEM public key",
            AllowMultipleArgumentsPerToken = false,
        };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "A checkpoint (signed note) trusted earlier: check the log only grew since" };
        var command = new Command("verify", "Verify a ledger receipt offline: content, commitments, leaf, inclusion proof, checkpoint signature")
        {
            receipt,
            keys,
            checkpoint,
        };
        command.SetAction(parse =>
        {
            var receiptFile = parse.GetValue(receipt)!;
            var trustedCheckpoint = parse.GetValue(checkpoint);
            if (!receiptFile.Exists || (trustedCheckpoint is not null && !trustedCheckpoint.Exists))
            {
                Console.Error.WriteLine($"fhirchain: {(receiptFile.Exists ? trustedCheckpoint!.FullName : receiptFile.FullName)} does not exist");
                return 2;
            }

            var bytes = File.ReadAllBytes(receiptFile.FullName);
            if (ConsentTrail.IsConsentTrail(bytes))
            {
                return VerifyTrail(bytes, parse.GetValue(keys) ?? []);
            }

            LedgerReceipt parsed;
            List<CheckpointPublicKey> trusted;
            try
            {
                parsed = LedgerReceipt.Parse(bytes);
                trusted = (parse.GetValue(keys) ?? []).SelectMany(file => TrustedKeys.Read(file, parsed.Checkpoint)).ToList();
            }
            catch (Exception failure) when (failure is FormatException or IOException)
            {
                Console.Error.WriteLine($"fhirchain: {failure.Message}");
                return 2;
            }

            var verifier = new ReceiptVerifier(new FhirCanonicalJson(FhirDefinitions.LoadDefault()));
            var steps = verifier.Verify(parsed, trusted, trustedCheckpoint is null ? null : File.ReadAllText(trustedCheckpoint.FullName));
            foreach (var step in steps)
            {
                Console.WriteLine($"{(step.Passed ? "ok  " : "FAIL")}  {step.What}{(step.Detail.Length > 0 ? ": " + step.Detail : string.Empty)}");
            }

            var failed = steps.Count(s => !s.Passed);
            Console.WriteLine(failed == 0
                ? $"VERIFIED: {parsed.Subject} is recorded in the ledger (tree size {parsed.TreeSize})"
                : $"NOT VERIFIED: {failed} check(s) failed");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static int VerifyTrail(byte[] bytes, FileInfo[] keyFiles)
    {
        ConsentTrail trail;
        List<CheckpointPublicKey> trusted;
        try
        {
            trail = ConsentTrail.Parse(bytes);
            trusted = keyFiles.SelectMany(file => TrustedKeys.Read(file, trail.Checkpoint)).ToList();
        }
        catch (Exception failure) when (failure is FormatException or IOException)
        {
            Console.Error.WriteLine($"fhirchain: {failure.Message}");
            return 2;
        }

        var steps = new ReceiptVerifier(new FhirCanonicalJson(FhirDefinitions.LoadDefault())).VerifyTrail(trail, trusted);
        foreach (var step in steps)
        {
            Console.WriteLine($"{(step.Passed ? "ok  " : "FAIL")}  {step.What}{(step.Detail.Length > 0 ? ": " + step.Detail : string.Empty)}");
        }

        var failed = steps.Count(s => !s.Passed);
        Console.WriteLine(failed == 0
            ? $"VERIFIED: the consent trail of {trail.Patient} is complete ({trail.Links.Count} version(s)) and in the ledger (tree size {trail.TreeSize})"
            : $"NOT VERIFIED: {failed} check(s) failed");
        return failed == 0 ? 0 : 1;
    }
}
