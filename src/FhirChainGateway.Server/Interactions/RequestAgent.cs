namespace FhirChainGateway.Server.Interactions;

/// <summary>Who asked for an interaction: recorded as the Provenance agent.</summary>
public sealed record RequestAgent(string ClientId);
