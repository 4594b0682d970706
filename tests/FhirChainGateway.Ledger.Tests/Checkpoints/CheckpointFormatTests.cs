using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Tests.Checkpoints;

public sealed class CheckpointFormatTests
{
    private static readonly byte[] Root = Convert.FromHexString("0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62");

    [Fact]
    public void Body_is_origin_size_and_base64_root_each_ending_in_a_newline()
    {
        var checkpoint = new Checkpoint("example.com/behind-the-sofa", 20852163, Root);

        // The example from C2SP tlog-checkpoint.
        checkpoint.ToNoteText().ShouldBe("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    }

    [Fact]
    public void Body_round_trips_with_extension_lines()
    {
        var checkpoint = new Checkpoint("fhirchain.test/ledger", 0, Rfc6962Hasher.EmptyRootHash(), ["ext one", "ext-two"]);

        var text = checkpoint.ToNoteText();
        var parsed = Checkpoint.ParseNoteText(text);

        text.ShouldBe("fhirchain.test/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next-two\n");
        parsed.ShouldBe(checkpoint);
        parsed.Extensions.ShouldBe(["ext one", "ext-two"]);
    }

    [Theory]
    [InlineData("origin\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "no final newline")]
    [InlineData("origin\n5\n", "two lines")]
    [InlineData("\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "empty origin")]
    [InlineData("origin\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "leading zero")]
    [InlineData("origin\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "sign")]
    [InlineData("origin\n18446744073709551616\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "size overflows uint64")]
    [InlineData("origin\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n", "root of 31 bytes")]
    [InlineData("origin\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n", "url-safe base64")]
    [InlineData("origin\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "non-canonical base64")]
    [InlineData("origin\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", "empty extension line")]
    [InlineData("origin\t1\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "control character")]
    public void Malformed_bodies_are_rejected(string text, string why)
    {
        Should.Throw<NoteFormatException>(() => Checkpoint.ParseNoteText(text), why);
    }

    [Fact]
    public void Largest_tree_size_parses()
    {
        var text = $"o\n{ulong.MaxValue}\n{Convert.ToBase64String(Root)}\n";

        Checkpoint.ParseNoteText(text).TreeSize.ShouldBe(ulong.MaxValue);
    }

    [Fact]
    public void Signed_note_round_trips_and_keeps_blank_lines_inside_the_text()
    {
        var note = new SignedNote(
            "line one\n\nline three\n",
            [new NoteSignature("example.com/a", 0x01020304, [9, 8, 7]), new NoteSignature("example.com/b", 0xfffffffe, [1])]);

        var text = note.ToString();
        var parsed = SignedNote.Parse(text);

        text.ShouldBe("line one\n\nline three\n\n\u2014 example.com/a AQIDBAkIBw==\n\u2014 example.com/b /////gE=\n");
        parsed.ShouldBe(note);
        SignedNote.Parse(note.ToUtf8()).ShouldBe(note);
    }

    [Fact]
    public void Signed_note_example_from_the_c2sp_spec_parses()
    {
        const string example = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n"
            + "\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";

        var note = SignedNote.Parse(example);

        note.Text.ShouldBe("Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n");
        note.Signatures.Single().KeyName.ShouldBe("quasimodo.example/salvatore");
        note.Signatures.Single().KeyId.ShouldBe(0x367ba04bu);
        note.Signatures.Single().Signature.Length.ShouldBe(64);
        note.ToString().ShouldBe(example);
    }

    [Theory]
    [InlineData("text\n\u2014 k AQIDBAk=\n", "no blank line")]
    [InlineData("text\n\n", "no signature")]
    [InlineData("text\n\n\u2014 k AQIDBAk=", "no final newline")]
    [InlineData("text\n\n- k AQIDBAk=\n", "hyphen instead of em dash")]
    [InlineData("text\n\n\u2014 k+x AQIDBAk=\n", "plus in key name")]
    [InlineData("text\n\n\u2014  AQIDBAk=\n", "empty key name")]
    [InlineData("text\n\n\u2014 k AQIDBA==\n", "only a key id")]
    [InlineData("text\n\n\u2014 k AQID BAk=\n", "space in signature")]
    [InlineData("text\n\n\u2014 k not*base64\n", "not base64")]
    [InlineData("te\rxt\n\n\u2014 k AQIDBAk=\n", "carriage return")]
    [InlineData("text\n\n\u2014 k AQIDBAk=\n\n", "trailing blank line")]
    public void Malformed_notes_are_rejected(string note, string why)
    {
        Should.Throw<NoteFormatException>(() => SignedNote.Parse(note), why);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] bytes = [.. "text"u8, 0xff, .. "\n\n\u2014 k AQIDBAk=\n"u8];

        Should.Throw<NoteFormatException>(() => SignedNote.Parse(bytes));
    }

    [Fact]
    public void Notes_with_too_many_signatures_are_rejected_but_sixteen_are_accepted()
    {
        static string NoteWith(int signatures) =>
            "text\n\n" + string.Concat(Enumerable.Range(0, signatures).Select(i => $"\u2014 k{i} AQIDBAk=\n"));

        SignedNote.Parse(NoteWith(16)).Signatures.Count.ShouldBe(16);
        Should.Throw<NoteFormatException>(() => SignedNote.Parse(NoteWith(SignedNote.MaxSignatures + 1)));
    }
}
