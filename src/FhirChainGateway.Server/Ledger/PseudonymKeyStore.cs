using System.Security.Cryptography;
using FhirChainGateway.Ledger.Envelopes;

namespace FhirChainGateway.Server.Ledger;

/// <summary>
/// The gateway's patient pseudonym key (HMAC-SHA-256), read from its file or created on first start,
/// owner-read-only. Losing it does not break the ledger, but new leaves of a patient would no longer be
/// linkable to the old ones; production deployments mount a managed secret instead.
/// </summary>
public static class PseudonymKeyStore
{
    public static PatientPseudonymizer LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, RandomNumberGenerator.GetBytes(PatientPseudonymizer.KeyLength));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
                File.Delete(temporary);
            }
        }

        return new PatientPseudonymizer(File.ReadAllBytes(path));
    }
}
