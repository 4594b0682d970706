namespace FhirChainGateway.Fhir.FhirPath.Parsing;

/// <summary>One lexical token; <see cref="Text"/> is the decoded value (escapes resolved, delimiters and <c>@</c> removed).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset)
{
    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    /// <summary>A plain identifier spelled exactly so: keywords are identifiers the parser interprets by position.</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => $"string '{Text}'",
        TokenKind.Symbol => $"'{Text}'",
        TokenKind.DelimitedIdentifier => $"`{Text}`",
        TokenKind.Date or TokenKind.DateTime or TokenKind.Time => $"'@{Text}'",
        _ => $"'{Text}'",
    };
}
