namespace FhirChainGateway.Fhir.FhirPath.Parsing;

internal enum TokenKind
{
    End,
    Identifier,
    DelimitedIdentifier,
    String,
    Integer,
    Decimal,
    Date,
    DateTime,
    Time,
    Symbol,
    DollarVariable,
}
