using System.Text.Json;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Ledger.Tests.Support;

/// <summary>The transparency-dev/merkle golden proof cases under merkle-testdata/testdata.</summary>
internal static class MerkleVectors
{
    private const string Folder = "merkle-testdata";

    /// <summary>Paths relative to merkle-testdata/testdata of every case of one kind (<c>inclusion</c> or <c>consistency</c>).</summary>
    public static IReadOnlyList<string> Files(string kind)
    {
        var root = TestData.PathOf(Folder, "testdata");
        if (root is null)
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Path.Combine(root, kind), "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The same as theory rows.</summary>
    public static TheoryData<string> Cases(string kind)
    {
        var files = Files(kind);

        // Without test data the theory is skipped; xunit still wants a row to enumerate.
        return files.Count == 0 ? new TheoryData<string>($"{kind}/(test data absent)") : new TheoryData<string>(files);
    }

    public static InclusionCase ReadInclusion(string relativePath)
    {
        using var json = Read(relativePath);
        var root = json.RootElement;
        return new InclusionCase(
            root.GetProperty("leafIdx").GetUInt64(),
            root.GetProperty("treeSize").GetUInt64(),
            Bytes(root, "root"),
            Bytes(root, "leafHash"),
            Proof(root),
            root.GetProperty("desc").GetString() ?? "",
            root.GetProperty("wantErr").GetBoolean());
    }

    public static ConsistencyCase ReadConsistency(string relativePath)
    {
        using var json = Read(relativePath);
        var root = json.RootElement;
        return new ConsistencyCase(
            root.GetProperty("size1").GetUInt64(),
            root.GetProperty("size2").GetUInt64(),
            Bytes(root, "root1"),
            Bytes(root, "root2"),
            Proof(root),
            root.GetProperty("desc").GetString() ?? "",
            root.GetProperty("wantErr").GetBoolean());
    }

    private static JsonDocument Read(string relativePath)
    {
        var path = TestData.PathOf(Folder, "testdata", relativePath) ?? throw new InvalidOperationException(TestData.MissingReason);
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    private static byte[] Bytes(JsonElement element, string name) => Convert.FromBase64String(element.GetProperty(name).GetString() ?? "");

    // "proof": null means an empty proof in these files.
    private static byte[][] Proof(JsonElement element) =>
        element.GetProperty("proof").ValueKind == JsonValueKind.Null
            ? []
            : [.. element.GetProperty("proof").EnumerateArray().Select(hash => Convert.FromBase64String(hash.GetString() ?? ""))];
}
