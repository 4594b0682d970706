using System.Runtime.InteropServices;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>How .NET values are represented in the database columns.</summary>
internal static class SqliteValues
{
    /// <summary>Timestamps are UTC ticks: exact round trip, and they sort numerically.</summary>
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    public static long ToFlag(bool value) => value ? 1L : 0L;

    /// <summary>The bytes as an array for binding, without copying when the memory already is a whole array.</summary>
    public static byte[] ToArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment)
        && segment.Array is not null
        && segment.Offset == 0
        && segment.Count == segment.Array.Length
            ? segment.Array
            : memory.ToArray();
}
