using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.LedgerWriter.Api;

namespace FhirChainGateway.Ledger.Tests.Api;

/// <summary>
/// The ledger HTTP API over a log with checkpoints at 10 and 20 leaves, 22 leaves integrated (the last two
/// not yet covered by a checkpoint) and one entry sequenced but not integrated.
/// </summary>
public sealed class LedgerEndpointsTests : IClassFixture<LedgerEndpointsTests.PublishedLog>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly PublishedLog _log;

    public LedgerEndpointsTests(PublishedLog log) => _log = log;

    private HttpClient Http => _log.Server.Client;

    public static TheoryData<string, HttpStatusCode> BadQueries => new()
    {
        { "ledger/proof/inclusion", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=1&eventId=" + Guid.Empty, HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=-1", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=1.5", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=99999999999999999999999", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=20", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=3&size=2", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=0&size=0", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=0&size=21", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=0&size=ten", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?index=0&size=1&size=2", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?leafHash=not-base64!", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?leafHash=AAEC", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?leafHash=" + Uri.EscapeDataString(Convert.ToBase64String(new byte[32])), HttpStatusCode.NotFound },
        { "ledger/proof/inclusion?eventId=nope", HttpStatusCode.BadRequest },
        { "ledger/proof/inclusion?eventId=" + Guid.NewGuid(), HttpStatusCode.NotFound },
        { "ledger/proof/consistency", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=0", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=0&to=10", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=11&to=10", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=10&to=21", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=21", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=x&to=10", HttpStatusCode.BadRequest },
        { "ledger/proof/consistency?from=1&to=", HttpStatusCode.BadRequest },
    };

    [Fact]
    public async Task An_inclusion_proof_by_index_verifies_against_the_signed_checkpoint_it_carries()
    {
        var proof = await GetAsync<InclusionProofResponse>("ledger/proof/inclusion?index=7");

        proof.TreeSize.ShouldBe(20UL, "the size defaults to the latest checkpoint's");
        proof.LeafIndex.ShouldBe(7UL);
        (proof.Entry.Index, proof.Entry.EventId, proof.Entry.Kind).ShouldBe((7UL, _log.Stored[7].EventId, _log.Stored[7].Kind));
        proof.Entry.Data.ShouldBe(_log.Stored[7].Data);
        proof.Entry.LeafHash.ShouldBe(Rfc6962Hasher.HashLeaf(proof.Entry.Data));
        var checkpoint = _log.VerifyNote(proof.Checkpoint.ShouldNotBeNull());
        checkpoint.TreeSize.ShouldBe(20UL);
        ProofVerifier.VerifyInclusion(proof.ToProof(), proof.Entry.LeafHash, checkpoint.RootHash).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task An_inclusion_proof_at_an_earlier_checkpoint_carries_that_checkpoint()
    {
        var proof = await GetAsync<InclusionProofResponse>("ledger/proof/inclusion?index=9&size=10");

        var checkpoint = _log.VerifyNote(proof.Checkpoint.ShouldNotBeNull());
        checkpoint.TreeSize.ShouldBe(10UL);
        ProofVerifier.VerifyInclusion(proof.ToProof(), proof.Entry.LeafHash, checkpoint.RootHash).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task An_inclusion_proof_at_an_unpublished_size_has_no_checkpoint_but_is_still_correct()
    {
        var proof = await GetAsync<InclusionProofResponse>("ledger/proof/inclusion?index=3&size=13");

        proof.Checkpoint.ShouldBeNull();
        proof.Hashes.ShouldBe(ReferenceMerkle.Path(_log.LeafHashes, 3, 0, 13));
    }

    [Fact]
    public async Task A_leaf_hash_finds_its_leaf_in_standard_base64_base64url_or_with_an_unescaped_plus()
    {
        var entry = _log.Stored[12];
        var base64 = Convert.ToBase64String(entry.LeafHash);
        var base64Url = base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

        foreach (var query in new[] { Uri.EscapeDataString(base64), base64Url, base64 })
        {
            var proof = await GetAsync<InclusionProofResponse>("ledger/proof/inclusion?leafHash=" + query);

            proof.LeafIndex.ShouldBe(12UL, query);
            proof.Entry.EventId.ShouldBe(entry.EventId);
            ProofVerifier.VerifyInclusion(proof.ToProof(), entry.LeafHash, _log.VerifyNote(proof.Checkpoint!).RootHash).IsValid.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task A_consent_leaf_is_found_by_its_event_id_with_the_chain_link_the_log_gave_it()
    {
        var proof = await GetAsync<InclusionProofResponse>($"ledger/proof/inclusion?eventId={_log.SecondConsent.EventId}");

        proof.Entry.Kind.ShouldBe("Consent");
        proof.Entry.Data.ShouldBe(LeafEnvelope.Parse(_log.SecondConsent.Data.Span).AfterConsentLeaf(_log.FirstConsentIndex).ToBytes());
        ProofVerifier.VerifyInclusion(proof.ToProof(), Rfc6962Hasher.HashLeaf(proof.Entry.Data), _log.VerifyNote(proof.Checkpoint!).RootHash).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task An_event_beyond_the_requested_size_is_not_found_yet_with_a_reason()
    {
        using var response = await Http.GetAsync($"ledger/proof/inclusion?eventId={_log.Uncovered.EventId}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("does not cover yet");
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_parameters_get_a_problem_never_a_server_error(string query, HttpStatusCode expected)
    {
        using var response = await Http.GetAsync(query);

        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_consistency_proof_links_the_two_published_checkpoints()
    {
        var proof = await GetAsync<ConsistencyProofResponse>("ledger/proof/consistency?from=10");

        proof.ToSize.ShouldBe(20UL, "to defaults to the latest checkpoint's size");
        var older = _log.VerifyNote(_log.Checkpoints[0].SignedNote);
        var newer = _log.VerifyNote(proof.Checkpoint.ShouldNotBeNull());
        ProofVerifier.VerifyConsistency(proof.ToProof(), older.RootHash, newer.RootHash).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task A_consistency_proof_between_any_sizes_up_to_the_checkpoint_is_served()
    {
        var between = await GetAsync<ConsistencyProofResponse>("ledger/proof/consistency?from=3&to=17");
        var equal = await GetAsync<ConsistencyProofResponse>("ledger/proof/consistency?from=10&to=10");

        between.Hashes.ShouldBe(ReferenceMerkle.Consistency(_log.LeafHashes, 3, 17));
        between.Checkpoint.ShouldBeNull();
        equal.Hashes.ShouldBeEmpty();
        equal.Checkpoint.ShouldBe(_log.Checkpoints[0].SignedNote);
    }

    [Fact]
    public async Task The_keys_endpoint_lists_the_signing_key_in_every_published_form()
    {
        var keys = await GetAsync<LedgerKeysResponse>("ledger/keys");

        keys.Origin.ShouldBe(LogFixtures.Origin);
        var key = keys.Keys.ShouldHaveSingleItem();
        key.KeyName.ShouldBe(LogFixtures.Origin);
        key.KeyId.ShouldBe(_log.Signer.KeyId.ToString("x8"));
        key.ValidTo.ShouldBeNull();
        CheckpointPublicKey.ParseVerifierKey(key.VerifierKey).ShouldBe(_log.Signer.PublicKey);
        key.ToRecord().ToPublicKey().ShouldBe(_log.Signer.PublicKey);
    }

    [Fact]
    public async Task The_checkpoint_and_entries_keep_their_json_shape()
    {
        var checkpoint = await GetAsync<CheckpointResponse>("ledger/checkpoint?format=json");
        using var raw = JsonDocument.Parse(await Http.GetStringAsync("ledger/entries?start=19&count=2"));
        var entries = raw.Deserialize<LedgerEntriesResponse>(LedgerApiJson.Options)!;

        checkpoint.TreeSize.ShouldBe(20UL);
        checkpoint.Checkpoint.ShouldBe(_log.Checkpoints[1].SignedNote);
        raw.RootElement.GetProperty("treeSize").GetUInt64().ShouldBe(22UL, "entries go up to the integrated size");
        raw.RootElement.GetProperty("entries")[0].GetProperty("data").GetString().ShouldBe(Convert.ToBase64String(_log.Stored[19].Data));
        entries.Entries.Select(e => e.Index).ShouldBe([19UL, 20UL]);
    }

    [Fact]
    public async Task Proofs_before_the_first_checkpoint_are_unavailable_not_errors()
    {
        using var signer = CheckpointSigner.Generate(LogFixtures.Origin);
        using var log = LogFixtures.CreateLog(new InMemoryLogStorage(), signer);
        await log.SequenceAsync(LogFixtures.Entries(2, seed: 70), None);
        await log.IntegrateAsync(None);
        await using var server = await LedgerApiServer.StartAsync(log);

        using var inclusion = await server.Client.GetAsync("ledger/proof/inclusion?index=0");
        using var consistency = await server.Client.GetAsync("ledger/proof/consistency?from=1");
        var keys = await server.Client.GetFromJsonAsync<LedgerKeysResponse>("ledger/keys", LedgerApiJson.Options);

        inclusion.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        consistency.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        keys!.Keys.ShouldBeEmpty("no key has signed anything yet");
    }

    private async Task<T> GetAsync<T>(string query)
    {
        using var response = await Http.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<T>(body, LedgerApiJson.Options)!;
    }

    /// <summary>The shared log and server; built once for the class.</summary>
    public sealed class PublishedLog : IAsyncLifetime
    {
        private readonly InMemoryLogStorage _storage = new();
        private TransparencyLog? _log;
        private LedgerApiServer? _server;

        public CheckpointSigner Signer { get; } = CheckpointSigner.Generate(LogFixtures.Origin);

        public LedgerApiServer Server => _server!;

        public IReadOnlyList<LogEntryRecord> Stored { get; private set; } = [];

        public List<byte[]> LeafHashes => [.. Stored.Select(e => e.LeafHash)];

        public List<StoredCheckpoint> Checkpoints { get; } = [];

        public LogEntry FirstConsent { get; } = LogFixtures.Consent(LogFixtures.Patient("alice"), "a", 1);

        public LogEntry SecondConsent { get; } = LogFixtures.Consent(LogFixtures.Patient("alice"), "a", 2);

        public ulong FirstConsentIndex => 4;

        public LogEntry Uncovered { get; private set; } = null!;

        public Checkpoint VerifyNote(string note)
        {
            var result = new CheckpointVerifier([Signer.PublicKey]).Verify(note, LogFixtures.Origin);
            result.IsValid.ShouldBeTrue(result.Message);
            return result.Checkpoint!;
        }

        public async Task InitializeAsync()
        {
            _log = LogFixtures.CreateLog(_storage, Signer);
            var provenance = LogFixtures.Entries(19, seed: 71);
            await _log.SequenceAsync([.. provenance[..4], FirstConsent, .. provenance[4..9]], None);
            await _log.IntegrateAsync(None);
            Checkpoints.Add(await _log.PublishCheckpointAsync(None));
            await _log.SequenceAsync([.. provenance[9..13], SecondConsent, .. provenance[13..18]], None);
            await _log.IntegrateAsync(None);
            Checkpoints.Add(await _log.PublishCheckpointAsync(None));
            Uncovered = LogFixtures.Entries(2, seed: 72)[1];
            await _log.SequenceAsync([LogFixtures.Entries(2, seed: 72)[0], Uncovered], None);
            await _log.IntegrateAsync(None);
            await _log.SequenceAsync([provenance[18]], None);
            Stored = await _log.GetEntriesAsync(0, 100, None);
            _server = await LedgerApiServer.StartAsync(_log);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _log?.Dispose();
            Signer.Dispose();
        }
    }
}
