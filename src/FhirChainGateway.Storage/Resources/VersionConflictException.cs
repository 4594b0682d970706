namespace FhirChainGateway.Storage.Resources;

/// <summary>
/// A batch's optimistic-concurrency expectation did not hold; nothing of the batch was written.
/// Hosts translate it into a FHIR 409 or 412 depending on what the client asked for.
/// </summary>
public sealed class VersionConflictException(string resourceType, string id, long? expected, long? actual)
    : Exception($"{resourceType}/{id}: expected version {Describe(expected)}, found {Describe(actual)}")
{
    public string ResourceType { get; } = resourceType;

    public string Id { get; } = id;

    public long? ExpectedVersion { get; } = expected;

    public long? ActualVersion { get; } = actual;

    private static string Describe(long? version) => version switch
    {
        null => "none",
        0 => "none (must not exist)",
        _ => version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
