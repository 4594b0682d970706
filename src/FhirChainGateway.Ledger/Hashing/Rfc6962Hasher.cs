using System.Buffers;
using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Hashing;

/// <summary>
/// RFC 9162 §2.1.1 (same as RFC 6962 §2.1) SHA-256 Merkle tree hashing. The one-byte prefixes keep a
/// leaf hash from ever being confused with an interior node hash (second-preimage protection).
/// </summary>
public static class Rfc6962Hasher
{
    /// <summary>Size in bytes of every hash in the tree.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    // Leaf data up to this size is prefixed on the stack; larger leaves rent a pooled buffer.
    private const int StackLeafLimit = 512;

    /// <summary>SHA-256 of the empty string: the root of the tree with no leaves (RFC 9162 §2.1.1).</summary>
    public static ReadOnlySpan<byte> EmptyRoot =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    /// <summary>Writes SHA-256(0x00 ‖ <paramref name="leafData"/>) into <paramref name="destination"/>.</summary>
    public static void HashLeaf(ReadOnlySpan<byte> leafData, Span<byte> destination)
    {
        EnsureDestination(destination);
        var length = leafData.Length + 1;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLeafLimit
            ? stackalloc byte[StackLeafLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            buffer[0] = LeafPrefix;
            leafData.CopyTo(buffer[1..]);
            SHA256.HashData(buffer[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>SHA-256(0x00 ‖ <paramref name="leafData"/>) as a new array.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leafData)
    {
        var hash = new byte[HashSize];
        HashLeaf(leafData, hash);
        return hash;
    }

    /// <summary>
    /// Writes SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>) into <paramref name="destination"/>.
    /// The destination may overlap either input: the inputs are copied before hashing.
    /// </summary>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException($"Child hashes must be {HashSize} bytes.");
        }

        EnsureDestination(destination);
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>) as a new array.</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        HashChildren(left, right, hash);
        return hash;
    }

    /// <summary>A fresh copy of <see cref="EmptyRoot"/>.</summary>
    public static byte[] EmptyRootHash() => EmptyRoot.ToArray();

    private static void EnsureDestination(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"Destination must hold {HashSize} bytes.", nameof(destination));
        }
    }
}
