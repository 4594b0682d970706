using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.Ledger.Tests.Tree;
using FhirChainGateway.Ledger.Tiles;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Tests.Tiles;

public sealed class TileTests
{
    [Theory]
    [InlineData(0, 0UL, 0, 0UL, 0)]
    [InlineData(0, 255UL, 0, 0UL, 255)]
    [InlineData(0, 256UL, 0, 1UL, 0)]
    [InlineData(3, 40UL, 0, 1UL, 8)]
    [InlineData(7, 1UL, 0, 0UL, 1)]
    [InlineData(7, 2UL, 0, 1UL, 0)]
    [InlineData(8, 5UL, 1, 0UL, 5)]
    [InlineData(17, 3UL, 2, 0UL, 3)]
    [InlineData(9, 300UL, 1, 2UL, 44)]
    public void Nodes_map_to_their_tile_and_position(int level, ulong index, int tileLevel, ulong tileIndex, int position)
    {
        var node = new NodeId(level, index);

        TileGeometry.TileOf(node).ShouldBe(new TileId(tileLevel, tileIndex));
        TileGeometry.PositionInTile(node).ShouldBe(position);
        TileGeometry.IsStored(node).ShouldBe(level % 8 == 0);
    }

    [Fact]
    public void Expanded_tile_serves_every_node_of_its_slice_with_the_reference_hash()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(600, seed: 21);
        var tile = new HashTile(new TileData(new TileId(0, 1), Concat(leaves.Skip(256).Take(256))));

        for (var level = 0; level < 8; level++)
        {
            var first = 256UL >> level;
            var count = 256UL >> level;
            for (var index = first; index < first + count; index++)
            {
                var node = new NodeId(level, index);
                tile.TryGetNode(node, out var hash).ShouldBeTrue($"node {node}");
                hash.ToArray().ShouldBe(ReferenceMerkle.Root(leaves, (int)node.FirstLeaf, (int)node.EndLeaf), $"node {node}");
            }
        }

        tile.TryGetNode(new NodeId(0, 255), out _).ShouldBeFalse("that node belongs to tile 0");
        tile.TryGetNode(new NodeId(8, 1), out _).ShouldBeFalse("level 8 lives in tile level 1");
    }

    [Fact]
    public void Partial_tile_serves_only_complete_nodes()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(5, seed: 2);
        var tile = new HashTile(new TileData(new TileId(0, 0), Concat(leaves)));

        tile.TryGetNode(new NodeId(0, 4), out _).ShouldBeTrue();
        tile.TryGetNode(new NodeId(1, 1), out var pair).ShouldBeTrue();
        pair.ToArray().ShouldBe(ReferenceMerkle.Root(leaves, 2, 4));
        tile.TryGetNode(new NodeId(2, 0), out _).ShouldBeTrue();
        tile.TryGetNode(new NodeId(1, 2), out _).ShouldBeFalse("leaves 4 and 5 are not both there");
        tile.TryGetNode(new NodeId(0, 5), out _).ShouldBeFalse();
        tile.TryGetNode(new NodeId(3, 0), out _).ShouldBeFalse();
    }

    [Fact]
    public void Tile_data_refuses_bad_sizes()
    {
        Should.Throw<ArgumentException>(() => new TileData(new TileId(0, 0), []));
        Should.Throw<ArgumentException>(() => new TileData(new TileId(0, 0), new byte[33]));
        Should.Throw<ArgumentException>(() => new TileData(new TileId(0, 0), new byte[257 * 32]));
        new TileData(new TileId(0, 0), new byte[256 * 32]).IsFull.ShouldBeTrue();
    }

    [Fact]
    public void Cache_keeps_the_wider_version_and_evicts_the_least_recently_used()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(10, seed: 4);
        var cache = new TileCache(capacity: 2);
        var narrow = new HashTile(new TileData(new TileId(0, 0), Concat(leaves.Take(3))));
        var wide = new HashTile(new TileData(new TileId(0, 0), Concat(leaves.Take(6))));

        cache.Put(wide);
        cache.Put(narrow);
        cache.TryGet(new TileId(0, 0), out var kept).ShouldBeTrue();
        kept!.Width.ShouldBe(6);

        cache.Put(new HashTile(new TileData(new TileId(1, 0), Concat(leaves.Take(1)))));
        cache.TryGet(new TileId(0, 0), out _).ShouldBeTrue(); // now most recent
        cache.Put(new HashTile(new TileData(new TileId(2, 0), Concat(leaves.Take(1)))));

        cache.Count.ShouldBe(2);
        cache.TryGet(new TileId(1, 0), out _).ShouldBeFalse("least recently used");
        cache.TryGet(new TileId(0, 0), out _).ShouldBeTrue();
        cache.TryGet(new TileId(2, 0), out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0UL, 1UL, new int[0])]
    [InlineData(1UL, 2UL, new[] { 0 })]
    [InlineData(256UL, 300UL, new int[0])]
    [InlineData(300UL, 70_000UL, new[] { 0, 1 })]
    [InlineData(65_536UL + 512UL + 3UL, 65_536UL + 1024UL, new[] { 0, 1 })]
    public void Integration_extends_the_partial_tiles_at_the_right_edge(ulong oldSize, ulong newSize, int[] levels)
    {
        var extended = TileRowBuilder.PartialTilesExtended(oldSize, newSize);

        extended.Select(t => t.Tile.Level).ShouldBe(levels);
        foreach (var (tile, width) in extended)
        {
            var nodesAtLevel = oldSize >> (tile.Level * 8);
            tile.Index.ShouldBe(nodesAtLevel / 256);
            width.ShouldBe((int)(nodesAtLevel % 256));
        }
    }

    [Fact]
    public void Row_builder_appends_to_existing_partial_tiles()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(300, seed: 8);
        var range = new CompactRange();
        var first = new TileRowBuilder([]);
        foreach (var leaf in leaves.Take(200))
        {
            range.Append(leaf, first.Add);
        }

        var firstTiles = first.Build();
        firstTiles.Single().Width.ShouldBe(200);

        var second = new TileRowBuilder(firstTiles);
        foreach (var leaf in leaves.Skip(200))
        {
            range.Append(leaf, second.Add);
        }

        var tiles = second.Build().ToDictionary(t => t.Id);
        tiles[new TileId(0, 0)].Hashes.ShouldBe(Concat(leaves.Take(256)));
        tiles[new TileId(0, 1)].Hashes.ShouldBe(Concat(leaves.Skip(256)));
        tiles[new TileId(1, 0)].Hashes.ShouldBe(ReferenceMerkle.Root(leaves, 0, 256), "the first 256 leaves completed a level-8 node");
        tiles.Count.ShouldBe(3);
    }

    internal static byte[] Concat(IEnumerable<byte[]> hashes) => [.. hashes.SelectMany(h => h)];
}
