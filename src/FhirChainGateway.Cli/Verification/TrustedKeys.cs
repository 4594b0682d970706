using FhirChainGateway.Ledger.Checkpoints;

namespace FhirChainGateway.Cli.Verification;

/// <summary>Reads trusted checkpoint keys: C2SP verifier-key lines, or a PEM public key.</summary>
public static class TrustedKeys
{
    public static IEnumerable<CheckpointPublicKey> Read(FileInfo file, string signedNote)
    {
        var text = File.ReadAllText(file.FullName);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            // A PEM carries no key name; take the names the note's signature lines use.
            var names = SignedNote.Parse(signedNote).Signatures.Select(s => s.KeyName).Distinct(StringComparer.Ordinal).ToList();
            return names.Select(name => CheckpointPublicKey.FromPem(name, text)).ToList();
        }

        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(CheckpointPublicKey.ParseVerifierKey)
            .ToList();
    }
}
