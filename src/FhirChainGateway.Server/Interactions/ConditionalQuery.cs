using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// Turns the query of a conditional operation (<c>identifier=system|value&amp;_id=x</c>, as in
/// <c>ifNoneExist</c>, <c>If-None-Exist</c> or a conditional reference <c>Organization?identifier=...</c>)
/// into a storage-neutral search expression.
/// </summary>
/// <remarks>
/// The foundation supports the parameters that conditional create and conditional references need:
/// <c>identifier</c> (token) and <c>_id</c>. Anything else is refused with a clear 400 rather than
/// silently matching more than the client meant.
/// </remarks>
public static class ConditionalQuery
{
    public static SearchExpression Parse(string query, string context)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw FhirException.BadRequest($"{context}: the conditional query is empty.");
        }

        var operands = new List<SearchExpression>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw FhirException.BadRequest($"{context}: '{part}' is not a name=value search parameter.");
            }

            var name = Uri.UnescapeDataString(part[..equals]);
            var value = Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
            operands.Add(name switch
            {
                "identifier" => Or(value.Split(',').Select(Token).ToList()),
                "_id" => new IdExpression(value.Split(',')),
                _ => throw new FhirException(400, OperationOutcomeIssue.Error(
                    "not-supported",
                    $"{context}: search parameter '{name}' is not supported in conditional operations (supported: identifier, _id).")),
            });
        }

        return operands.Count == 1 ? operands[0] : new AndExpression(operands);

        SearchExpression Token(string token)
        {
            var bar = token.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0)
            {
                return new TokenExpression("identifier", null, token);
            }

            var code = token[(bar + 1)..];
            if (code.Length == 0)
            {
                throw FhirException.BadRequest($"{context}: identifier '{token}' has a system but no value.");
            }

            return new TokenExpression("identifier", token[..bar], code);
        }
    }

    private static SearchExpression Or(IReadOnlyList<SearchExpression> operands) =>
        operands.Count == 1 ? operands[0] : new OrExpression(operands);
}
