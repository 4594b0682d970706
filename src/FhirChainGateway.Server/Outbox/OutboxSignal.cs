using FhirChainGateway.LedgerWriter.Messaging;

namespace FhirChainGateway.Server.Outbox;

/// <summary>
/// Wakes the relay right after a commit so events leave with low latency, while the relay's polling
/// interval still covers messages committed by other processes or before a crash.
/// </summary>
public sealed class OutboxSignal : WakeSignal;
