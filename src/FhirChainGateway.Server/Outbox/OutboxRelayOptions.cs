using System.ComponentModel.DataAnnotations;

namespace FhirChainGateway.Server.Outbox;

/// <summary>Options of the outbox relay, section <c>Outbox</c>.</summary>
public sealed class OutboxRelayOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Messages read and published per round. Default 500.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the relay sleeps when no commit signals it. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a failed publish; doubles up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between publish attempts while the bus is down. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per message within one round before the round backs off. Default 5.</summary>
    [Range(1, 100)]
    public int SendAttempts { get; set; } = 5;

    /// <summary>Longest wait for the broker to confirm one send. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Ordering keys (patients) relayed concurrently; within a key messages go one by one, each after the previous
    /// one's publisher confirm. Default 32 (confirm round trips, not CPU, bound the rate).
    /// </summary>
    [Range(1, 256)]
    public int ConcurrentKeys { get; set; } = 32;
}
