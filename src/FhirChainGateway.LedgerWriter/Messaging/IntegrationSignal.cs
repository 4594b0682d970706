namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>Tells the integration loop that new entries were sequenced, so checkpoints follow promptly.</summary>
public sealed class IntegrationSignal : WakeSignal;
