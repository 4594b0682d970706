using FhirChainGateway.Ledger.Checkpoints;

namespace FhirChainGateway.Ledger.Tests.Checkpoints;

public sealed class CheckpointKeyHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CheckpointSigner _old = CheckpointSigner.Generate("log.example/a");
    private readonly CheckpointSigner _new = CheckpointSigner.Generate("log.example/a");

    [Fact]
    public void The_first_publication_opens_a_window_for_each_signing_key()
    {
        CheckpointKeyHistory.Reconcile([], [_old.PublicKey, _new.PublicKey], T0)
            .ShouldBe([CheckpointKeyRecord.For(_old.PublicKey, T0), CheckpointKeyRecord.For(_new.PublicKey, T0)]);
    }

    [Fact]
    public void Nothing_changes_while_the_same_keys_sign()
    {
        CheckpointKeyHistory.Reconcile([CheckpointKeyRecord.For(_old.PublicKey, T0)], [_old.PublicKey], T0.AddDays(1)).ShouldBeNull();
    }

    [Fact]
    public void A_key_that_stops_signing_is_closed_and_stays_listed()
    {
        var history = CheckpointKeyHistory.Reconcile([CheckpointKeyRecord.For(_old.PublicKey, T0)], [_new.PublicKey], T0.AddDays(1));

        history.ShouldBe([CheckpointKeyRecord.For(_old.PublicKey, T0, T0.AddDays(1)), CheckpointKeyRecord.For(_new.PublicKey, T0.AddDays(1))]);
    }

    [Fact]
    public void A_key_that_returns_after_retirement_gets_a_second_window()
    {
        var retired = CheckpointKeyRecord.For(_old.PublicKey, T0, T0.AddDays(1));

        CheckpointKeyHistory.Reconcile([retired], [_old.PublicKey], T0.AddDays(2))
            .ShouldBe([retired, CheckpointKeyRecord.For(_old.PublicKey, T0.AddDays(2))]);
    }

    [Fact]
    public void Keys_with_the_same_name_but_different_material_are_different_keys()
    {
        var history = CheckpointKeyHistory.Reconcile([CheckpointKeyRecord.For(_old.PublicKey, T0)], [_new.PublicKey, _old.PublicKey], T0.AddDays(1));

        history.ShouldNotBeNull().Count.ShouldBe(2);
        history.All(record => record.ValidTo is null).ShouldBeTrue();
    }

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }
}
