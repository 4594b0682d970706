namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// Options of the bus, section <c>Messaging</c>, shared by the gateway and the ledger writer.
/// </summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Environment variable that names the RabbitMQ broker; overrides <see cref="RabbitMqUri"/>.</summary>
    public const string RabbitMqEnvironmentVariable = "FHIRCHAIN_RABBITMQ";

    /// <summary>
    /// RabbitMQ broker as an AMQP URI (<c>amqp://user:password@host:5672/vhost</c>). Default: none, which
    /// selects MassTransit's in-memory transport (the embedded default; only works in one process).
    /// </summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>The durable queue the ledger writer consumes. Default <c>fhirchain-ledger</c>.</summary>
    public string LedgerQueue { get; set; } = "fhirchain-ledger";

    /// <summary>
    /// Messages the writer has in flight at once; they are sequenced together in one storage transaction.
    /// Default 256.
    /// </summary>
    public int PrefetchCount { get; set; } = 256;

    public bool UsesRabbitMq => !string.IsNullOrWhiteSpace(RabbitMqUri);
}
