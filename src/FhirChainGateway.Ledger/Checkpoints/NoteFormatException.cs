namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>A signed note or checkpoint body that does not follow C2SP signed-note / tlog-checkpoint.</summary>
public sealed class NoteFormatException : FormatException
{
    public NoteFormatException(string message)
        : base(message)
    {
    }

    public NoteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
