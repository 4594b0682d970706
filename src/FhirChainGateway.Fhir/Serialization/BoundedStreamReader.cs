using System.Buffers;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>Parses a document already in memory (UTF-8 bytes).</summary>
internal delegate ElementNode Utf8DocumentParser(ReadOnlySpan<byte> utf8);

/// <summary>
/// Reads a whole request or file stream into pooled memory, refusing it (413) as soon as it passes the size limit,
/// then hands the bytes to a parser. Shared by the JSON and XML parsers so both enforce the limit identically.
/// </summary>
internal static class BoundedStreamReader
{
    private const int InitialBuffer = 64 * 1024;

    public static ElementNode Parse(Stream stream, long maxBytes, Utf8DocumentParser parse)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var length = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                buffer = EnsureRoom(buffer, length, maxBytes);
            }

            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static async Task<ElementNode> ParseAsync(Stream stream, long maxBytes, Utf8DocumentParser parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                buffer = EnsureRoom(buffer, length, maxBytes);
            }

            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static FhirException TooLarge(long maxBytes) =>
        FhirException.PayloadTooLarge($"The body is larger than the limit of {maxBytes} bytes.");

    private static byte[] EnsureRoom(byte[] buffer, int length, long maxBytes)
    {
        if (length > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (length < buffer.Length)
        {
            return buffer;
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Min(buffer.Length * 2L, maxBytes + 1)));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
