using Microsoft.AspNetCore.Http;

namespace FhirChainGateway.LedgerWriter.Api;

/// <summary>The ledger API's error answers, as RFC 9457 problem details.</summary>
internal static class LedgerProblems
{
    public static IResult BadRequest(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid ledger request");

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not in the ledger");

    public static IResult NoCheckpoint() =>
        Results.Problem("The ledger has not published a checkpoint yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
}
