namespace FhirChainGateway.Fhir.Definitions;

/// <summary>How a registry was loaded: for start-up logs and the benchmark.</summary>
/// <param name="FromCache">True when the type model came from the compact cache.</param>
/// <param name="Elapsed">Time spent in <see cref="FhirDefinitions.Load(DefinitionsOptions)"/> (lazy parts excluded).</param>
/// <param name="CacheFile">The cache file read or written; null when caching is off.</param>
/// <param name="CacheProblem">Why the cache could not be read or written, if it could not (loading still succeeded).</param>
public sealed record DefinitionsLoadInfo(bool FromCache, TimeSpan Elapsed, string? CacheFile, string? CacheProblem);
