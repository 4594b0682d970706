namespace FhirChainGateway.Storage.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that make sense with a write-ahead log.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Commits survive an application crash; the last ones may be lost on power failure.</summary>
    Normal,

    /// <summary>Every commit is flushed to disk before it returns.</summary>
    Full,
}
