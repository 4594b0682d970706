using System.ComponentModel.DataAnnotations;

namespace FhirChainGateway.LedgerWriter.Hosting;

/// <summary>Options of the ledger writer, section <c>LedgerWriter</c>.</summary>
public sealed class LedgerWriterOptions
{
    public const string SectionName = "LedgerWriter";

    /// <summary>
    /// Folder of the ledger database (<c>ledger.db</c>) and signing key. Default: the gateway's data
    /// directory (<c>./data</c>, or <c>FHIRCHAIN_DATA</c>).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Checkpoint origin line (C2SP tlog-checkpoint), unique per log. Default <c>fhirchain.local/ledger</c>.</summary>
    [Required]
    [RegularExpression(@"^[^\s]+$", ErrorMessage = "The origin must be one token without spaces, e.g. example.org/ledger.")]
    public string Origin { get; set; } = "fhirchain.local/ledger";

    /// <summary>
    /// PEM file of the ECDSA P-256 checkpoint signing key. Default <c>{DataDirectory}/ledger-signing-key.pem</c>,
    /// generated on first start when absent (production deployments mount their own key).
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Signature key name in the signed note. Default: the origin.</summary>
    public string? KeyName { get; set; }

    /// <summary>How often new entries are integrated and a checkpoint published while entries arrive. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:01")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most events sequenced in one storage transaction (group commit of concurrently consumed messages). Default 1000.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 1000;

    public string ResolveDataDirectory() =>
        Path.GetFullPath(DataDirectory ?? Environment.GetEnvironmentVariable("FHIRCHAIN_DATA") ?? "data");

    public string ResolveSigningKeyPath() => SigningKeyPath ?? Path.Combine(ResolveDataDirectory(), "ledger-signing-key.pem");
}
