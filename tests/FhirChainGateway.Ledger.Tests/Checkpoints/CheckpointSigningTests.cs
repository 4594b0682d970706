using System.Security.Cryptography;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Tests.Checkpoints;

public sealed class CheckpointSigningTests : IDisposable
{
    private const string Origin = "fhirchain.test/ledger";

    private readonly CheckpointSigner _current = CheckpointSigner.Generate(Origin);
    private readonly CheckpointSigner _next = CheckpointSigner.Generate(Origin);
    private readonly Checkpoint _checkpoint = new(Origin, 42, SHA256.HashData("some root"u8));

    [Fact]
    public void Key_id_is_the_first_four_bytes_of_sha256_of_the_spki_big_endian()
    {
        // signed-note type 0x02 (ECDSA as in transparency-dev/witness): key ID = SHA-256(DER SPKI)[:4].
        var spki = _current.PublicKey.SubjectPublicKeyInfo;
        var digest = SHA256.HashData(spki);
        var expected = ((uint)digest[0] << 24) | ((uint)digest[1] << 16) | ((uint)digest[2] << 8) | digest[3];

        _current.KeyId.ShouldBe(expected);
        EcdsaNoteKey.KeyIdOf(spki).ShouldBe(expected);
        _next.KeyId.ShouldNotBe(_current.KeyId);
    }

    [Fact]
    public void Signature_line_carries_the_key_id_and_a_der_ecdsa_p256_sha256_signature_over_the_text()
    {
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]);
        var line = note.ToString().Split('\n')[^2];
        var payload = Convert.FromBase64String(line.Split(' ')[2]);

        line.ShouldStartWith($"\u2014 {Origin} ");
        payload[..4].ShouldBe(BitConverter.GetBytes(_current.KeyId).Reverse().ToArray());
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(_current.PublicKey.SubjectPublicKeyInfo, out _);
        verifier.VerifyData(System.Text.Encoding.UTF8.GetBytes(_checkpoint.ToNoteText()), payload[4..], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            .ShouldBeTrue();
    }

    [Fact]
    public void Signed_checkpoint_verifies_and_yields_the_checkpoint()
    {
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]).ToString();

        var result = new CheckpointVerifier([_current.PublicKey]).Verify(note, Origin);

        result.IsValid.ShouldBeTrue(result.Message);
        result.Checkpoint.ShouldBe(_checkpoint);
        result.VerifiedBy.ShouldBe([_current.PublicKey]);
    }

    [Fact]
    public void During_rotation_both_keys_sign_and_verifiers_of_either_generation_accept()
    {
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [_current, _next]).ToString();

        new CheckpointVerifier([_current.PublicKey]).Verify(note, Origin).IsValid.ShouldBeTrue();
        new CheckpointVerifier([_next.PublicKey]).Verify(note, Origin).IsValid.ShouldBeTrue();
        new CheckpointVerifier([_current.PublicKey, _next.PublicKey]).Verify(note, Origin).VerifiedBy.Count.ShouldBe(2);
    }

    [Fact]
    public void Notes_signed_only_by_unknown_keys_are_rejected()
    {
        using var stranger = CheckpointSigner.Generate(Origin);
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [stranger]).ToString();

        var result = new CheckpointVerifier([_current.PublicKey]).Verify(note, Origin);

        result.Failure.ShouldBe(CheckpointVerificationFailure.NoTrustedSignature);
        result.Checkpoint.ShouldBeNull();
    }

    [Fact]
    public void Unknown_signatures_next_to_a_trusted_one_are_ignored()
    {
        using var witness = CheckpointSigner.Generate("witness.example/w1");
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [witness, _current]).ToString();

        new CheckpointVerifier([_current.PublicKey]).Verify(note, Origin).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_signature_matching_only_the_key_name_or_only_the_key_id_is_ignored()
    {
        var signed = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]);
        var signature = signed.Signatures[0];

        // Same key ID under another name, and same name with another ID: neither is the trusted key.
        var renamed = new SignedNote(signed.Text, [new NoteSignature("other.example/log", signature.KeyId, signature.Signature)]);
        var reIded = new SignedNote(signed.Text, [new NoteSignature(signature.KeyName, signature.KeyId ^ 1, signature.Signature)]);
        var verifier = new CheckpointVerifier([_current.PublicKey]);

        verifier.Verify(renamed, Origin).Failure.ShouldBe(CheckpointVerificationFailure.NoTrustedSignature);
        verifier.Verify(reIded, Origin).Failure.ShouldBe(CheckpointVerificationFailure.NoTrustedSignature);
    }

    [Fact]
    public void Tampered_text_is_rejected()
    {
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]).ToString();
        var tampered = note.Replace("\n42\n", "\n43\n", StringComparison.Ordinal);

        var result = new CheckpointVerifier([_current.PublicKey]).Verify(tampered, Origin);

        tampered.ShouldNotBe(note);
        result.Failure.ShouldBe(CheckpointVerificationFailure.InvalidSignature);
    }

    [Fact]
    public void A_failing_trusted_signature_rejects_the_whole_note()
    {
        var good = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]);
        var forged = new NoteSignature(_next.KeyName, _next.KeyId, good.Signatures[0].Signature);
        var note = new SignedNote(good.Text, [good.Signatures[0], forged]);

        var result = new CheckpointVerifier([_current.PublicKey, _next.PublicKey]).Verify(note, Origin);

        result.Failure.ShouldBe(CheckpointVerificationFailure.InvalidSignature);
    }

    [Fact]
    public void Flipping_any_byte_of_the_signature_is_detected()
    {
        var signed = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]);
        var signature = signed.Signatures[0].Signature;
        var verifier = new CheckpointVerifier([_current.PublicKey]);
        for (var i = 0; i < signature.Length; i++)
        {
            var bent = signature.ToArray();
            bent[i] ^= 0x01;
            var note = new SignedNote(signed.Text, [new NoteSignature(Origin, _current.KeyId, bent)]);

            verifier.Verify(note, Origin).IsValid.ShouldBeFalse($"byte {i}");
        }
    }

    [Fact]
    public void Checkpoints_of_another_origin_are_rejected()
    {
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]).ToString();

        new CheckpointVerifier([_current.PublicKey]).Verify(note, "other.example/log").Failure
            .ShouldBe(CheckpointVerificationFailure.OriginMismatch);
    }

    [Fact]
    public void Signed_text_that_is_not_a_checkpoint_is_rejected_after_the_signature_check()
    {
        var text = "just some text\n";
        var note = new SignedNote(text, [_current.Sign(text)]);

        new CheckpointVerifier([_current.PublicKey]).Verify(note, Origin).Failure.ShouldBe(CheckpointVerificationFailure.MalformedCheckpoint);
        new CheckpointVerifier([_current.PublicKey]).Verify("garbage", Origin).Failure.ShouldBe(CheckpointVerificationFailure.MalformedNote);
    }

    [Fact]
    public void Private_key_pem_round_trips_to_the_same_key_id_and_signatures_that_verify()
    {
        var pem = _current.ExportPrivateKeyPem();
        using var restored = CheckpointSigner.FromPem(Origin, pem);
        var note = CheckpointSigner.SignCheckpoint(_checkpoint, [restored]).ToString();

        pem.ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        restored.KeyId.ShouldBe(_current.KeyId);
        new CheckpointVerifier([_current.PublicKey]).Verify(note, Origin).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Public_key_pem_and_verifier_key_round_trip()
    {
        var fromPem = CheckpointPublicKey.FromPem(Origin, _current.PublicKey.ToPem());
        var vkey = _current.PublicKey.ToVerifierKey();
        var fromVkey = CheckpointPublicKey.ParseVerifierKey(vkey);

        fromPem.ShouldBe(_current.PublicKey);
        fromVkey.ShouldBe(_current.PublicKey);
        vkey.ShouldStartWith($"{Origin}+{_current.KeyId:x8}+");
        Convert.FromBase64String(vkey.Split('+', 3)[2])[0].ShouldBe((byte)0x02);
    }

    [Fact]
    public void Verifier_key_with_a_wrong_key_id_or_type_is_rejected()
    {
        var parts = _current.PublicKey.ToVerifierKey().Split('+', 3);
        var typed = Convert.FromBase64String(parts[2]);
        typed[0] = 0x01;

        Should.Throw<FormatException>(() => CheckpointPublicKey.ParseVerifierKey($"{parts[0]}+{_current.KeyId ^ 1:x8}+{parts[2]}"));
        Should.Throw<FormatException>(() => CheckpointPublicKey.ParseVerifierKey($"{parts[0]}+{parts[1]}+{Convert.ToBase64String(typed)}"));
        Should.Throw<FormatException>(() => CheckpointPublicKey.ParseVerifierKey("no-plus-signs"));
    }

    [Fact]
    public void Keys_on_other_curves_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Should.Throw<ArgumentException>(() => CheckpointSigner.FromPem(Origin, p384.ExportPkcs8PrivateKeyPem()));
        Should.Throw<ArgumentException>(() => CheckpointPublicKey.FromPem(Origin, p384.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void Invalid_key_names_are_refused()
    {
        Should.Throw<ArgumentException>(() => CheckpointSigner.Generate("has space"));
        Should.Throw<ArgumentException>(() => CheckpointSigner.Generate("has+plus"));
        Should.Throw<ArgumentException>(() => CheckpointSigner.Generate(""));
    }

    [Fact]
    public void Key_history_publishes_every_key_and_verifies_notes_of_each_generation()
    {
        var rotatedAt = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        CheckpointKeyRecord[] history =
        [
            CheckpointKeyRecord.For(_current.PublicKey, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), rotatedAt),
            CheckpointKeyRecord.For(_next.PublicKey, rotatedAt),
        ];
        var verifier = CheckpointVerifier.FromKeyHistory(history);
        var old = CheckpointSigner.SignCheckpoint(_checkpoint, [_current]).ToString();
        var newer = CheckpointSigner.SignCheckpoint(new Checkpoint(Origin, 43, Rfc6962Hasher.HashLeaf("x"u8)), [_next]).ToString();

        verifier.Verify(old, Origin).IsValid.ShouldBeTrue();
        verifier.Verify(newer, Origin).IsValid.ShouldBeTrue();
        history[0].IsValidAt(rotatedAt.AddTicks(-1)).ShouldBeTrue();
        history[0].IsValidAt(rotatedAt).ShouldBeFalse();
        history[1].IsValidAt(rotatedAt).ShouldBeTrue();
        history[1].ToPublicKey().ShouldBe(_next.PublicKey);
    }

    [Fact]
    public void Key_history_entry_with_a_wrong_key_id_is_refused()
    {
        var record = CheckpointKeyRecord.For(_current.PublicKey, DateTimeOffset.UnixEpoch) with { KeyId = _current.KeyId + 1 };

        Should.Throw<FormatException>(() => record.ToPublicKey());
    }

    public void Dispose()
    {
        _current.Dispose();
        _next.Dispose();
    }
}
