using System.Security.Cryptography;
using System.Text;

namespace FhirChainGateway.Ledger.Envelopes;

/// <summary>
/// Keyed pseudonyms of patients for ledger leaves: <c>HMAC-SHA-256(key, "Patient/{id}")</c>. Only the
/// holder of the key (the gateway) can tell which leaves belong to a patient, so the public log reveals
/// no patient identity while a compliance officer, through the gateway, can still ask for one patient's chain.
/// </summary>
public sealed class PatientPseudonymizer
{
    public const int KeyLength = 32;

    private readonly byte[] _key;

    public PatientPseudonymizer(byte[] key)
    {
        if (key.Length < KeyLength)
        {
            throw new ArgumentException($"The pseudonym key must be at least {KeyLength} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Lower-case hex pseudonym of a compartment key such as <c>Patient/123</c>.</summary>
    public string Pseudonymize(string patientReference) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(patientReference)));
}
