namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>
/// Marks a test class that needs a Cosmos endpoint: <see cref="CosmosTestFramework"/> reports its
/// tests as skipped, with the reason, when neither the local test server (Node.js) nor
/// FHIRCHAIN_COSMOS_TEST_CONNECTION is available.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CosmosTestAttribute : Attribute;
