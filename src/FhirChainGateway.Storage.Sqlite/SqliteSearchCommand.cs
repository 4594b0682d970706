using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>SQL text and its parameters; the text never contains a search value.</summary>
public sealed record SqliteSearchCommand(string CommandText, IReadOnlyList<SqliteParameter> Parameters);
