using System.Security.Cryptography;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tests.Support;

namespace FhirChainGateway.Ledger.Tests.Hashing;

public sealed class Rfc6962HasherTests
{
    [Fact]
    public void Empty_root_is_sha256_of_the_empty_string()
    {
        Rfc6962Hasher.EmptyRoot.ToArray().ShouldBe(SHA256.HashData([]));
        Convert.ToHexStringLower(Rfc6962Hasher.EmptyRootHash()).ShouldBe(Rfc6962KnownAnswers.RootHashesHex[0]);
    }

    [Fact]
    public void Leaf_hashes_match_the_rfc6962_known_answers()
    {
        for (var i = 0; i < Rfc6962KnownAnswers.LeafInputs.Length; i++)
        {
            Convert.ToHexStringLower(Rfc6962Hasher.HashLeaf(Rfc6962KnownAnswers.LeafInputs[i]))
                .ShouldBe(Rfc6962KnownAnswers.LeafHashesHex[i], $"leaf {i}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(100_000)]
    public void Leaf_hash_prefixes_0x00_on_both_the_stack_and_the_pooled_path(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Rfc6962Hasher.HashLeaf(data).ShouldBe(SHA256.HashData([0x00, .. data]));
    }

    [Fact]
    public void Node_hash_is_sha256_of_0x01_left_right()
    {
        var left = SHA256.HashData("left"u8);
        var right = SHA256.HashData("right"u8);

        Rfc6962Hasher.HashChildren(left, right).ShouldBe(SHA256.HashData([0x01, .. left, .. right]));
        Rfc6962Hasher.HashChildren(right, left).ShouldNotBe(Rfc6962Hasher.HashChildren(left, right));
    }

    [Fact]
    public void Node_hash_may_write_over_one_of_its_inputs()
    {
        var left = SHA256.HashData("left"u8);
        var right = SHA256.HashData("right"u8);
        var expected = SHA256.HashData([0x01, .. left, .. right]);

        var inPlace = right.ToArray();
        Rfc6962Hasher.HashChildren(left, inPlace, inPlace);

        inPlace.ShouldBe(expected);
    }

    [Fact]
    public void Children_of_the_wrong_length_are_refused()
    {
        Should.Throw<ArgumentException>(() => Rfc6962Hasher.HashChildren(new byte[31], new byte[32]));
        Should.Throw<ArgumentException>(() => Rfc6962Hasher.HashChildren(new byte[32], new byte[33]));
    }

    [Fact]
    public void A_leaf_hash_never_equals_the_node_hash_of_the_same_bytes()
    {
        // The 0x00/0x01 domain separation: 64 bytes hashed as a leaf differ from the same 64 bytes as two children.
        var left = SHA256.HashData("a"u8);
        var right = SHA256.HashData("b"u8);

        Rfc6962Hasher.HashLeaf([.. left, .. right]).ShouldNotBe(Rfc6962Hasher.HashChildren(left, right));
    }
}
