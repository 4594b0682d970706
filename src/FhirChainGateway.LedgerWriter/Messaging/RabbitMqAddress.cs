namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>The parts of an AMQP URI that MassTransit's host configuration takes one by one.</summary>
public sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "rabbitmq"))
        {
            throw new FormatException($"'{Redact(uri)}' is not an AMQP URI such as amqp://user:password@127.0.0.1:5672/.");
        }

        var credentials = parsed.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        return new RabbitMqAddress(
            parsed.Host,
            parsed.IsDefaultPort || parsed.Port < 0 ? (ushort)5672 : (ushort)parsed.Port,
            virtualHost.Length == 0 ? "/" : virtualHost,
            credentials[0].Length == 0 ? "guest" : Uri.UnescapeDataString(credentials[0]),
            credentials.Length < 2 ? "guest" : Uri.UnescapeDataString(credentials[1]));
    }

    /// <summary>The URI without its password, for logs and error messages.</summary>
    public static string Redact(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Contains(':', StringComparison.Ordinal)
            ? uri.Replace(parsed.UserInfo, parsed.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : uri;
}
