using System.ComponentModel.DataAnnotations;

namespace FhirChainGateway.Server.Hosting;

/// <summary>Options of the gateway host, section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Folder for the embedded SQLite databases and the ledger key. Default <c>./data</c>; the
    /// <c>FHIRCHAIN_DATA</c> environment variable overrides it.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Folder to start looking for <c>fhir-profiles/</c> from (walking up). Default: the application folder,
    /// then the current directory; <c>FHIRCHAIN_DEFINITIONS</c> names the HL7 definitions folder directly.
    /// </summary>
    public string? DefinitionsSearchRoot { get; set; }

    /// <summary>Largest request body accepted, in bytes. Default 64 MiB (the largest Synthea bundles are ~10 MiB).</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The agent recorded in Provenance when the request is not authenticated. Default
    /// <c>unauthenticated-client</c>; authentication will replace it with the client's identity.
    /// </summary>
    [Required]
    public string DefaultAgent { get; set; } = "unauthenticated-client";

    /// <summary>Base URL written into Bundle links and fullUrls; null means "from the request".</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// <c>Embedded</c> (default): the ledger writer runs inside the gateway. <c>External</c>: it runs as its own
    /// service (<c>make run-ledger</c>) behind RabbitMQ and serves <c>/ledger/*</c> itself.
    /// </summary>
    public LedgerWriterMode LedgerWriter { get; set; } = LedgerWriterMode.Embedded;

    /// <summary>
    /// File of the HMAC key that pseudonymizes patients in ledger leaves. Default
    /// <c>{DataDirectory}/pseudonym.key</c>, created (32 random bytes) on first start.
    /// </summary>
    public string? PseudonymKeyPath { get; set; }

    /// <summary>
    /// Bearer token that authorizes administrative operations (<c>$erase</c>). Default: none, which disables them.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// The ledger writer's base URL when it runs apart (<see cref="LedgerWriter"/> = External), for receipts.
    /// Default <c>http://127.0.0.1:8081/</c>.
    /// </summary>
    public string LedgerUrl { get; set; } = "http://127.0.0.1:8081/";

    /// <summary>Page size of history and search Bundles when the client gives no <c>_count</c>. Default 50.</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Upper bound of <c>_count</c>. Default 1000.</summary>
    [Range(1, 10000)]
    public int MaxPageSize { get; set; } = 1000;
}
