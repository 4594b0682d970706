using FhirChainGateway.Ledger.Checkpoints;

namespace FhirChainGateway.LedgerWriter.Hosting;

/// <summary>
/// Loads the checkpoint signing key from its PEM file, creating one on first start so that the
/// embedded setup works with nothing configured. The file is written owner-read-only.
/// </summary>
public static class SigningKeyStore
{
    public static CheckpointSigner LoadOrCreate(string path, string keyName)
    {
        if (File.Exists(path))
        {
            return CheckpointSigner.FromPem(keyName, File.ReadAllText(path));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var signer = CheckpointSigner.Generate(keyName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, signer.ExportPrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Atomic rename: two processes starting together never end up signing with different keys.
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            signer.Dispose();
            return CheckpointSigner.FromPem(keyName, File.ReadAllText(path));
        }

        return signer;
    }
}
