using System.Globalization;
using System.Text;
using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Search;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Translates the storage-neutral search expression tree into one Cosmos SQL query over current
/// documents, every value a parameter. Criteria are single-document predicates over the flat index
/// arrays (<see cref="SearchIndexFields"/>): ARRAY_CONTAINS for exact values and an EXISTS sub-query
/// with STARTSWITH for prefixes, so no JOIN can duplicate a document and no DISTINCT is needed.
/// Results are ordered by <c>key</c> (<c>Type/id</c>, stable across updates), which is also the keyset
/// for paging; no OFFSET/LIMIT. A search inside one compartment targets that compartment's partition.
/// One instance builds one query.
/// </summary>
public sealed class CosmosSearchQueryBuilder : ISearchExpressionVisitor<string>
{
    private const string MatchNothing = "false";
    private const string MatchEverything = "true";

    private readonly List<(string Name, object Value)> _parameters = [];

    private CosmosSearchQueryBuilder()
    {
    }

    /// <summary>The query for the page after <paramref name="afterKey"/> (null: the first page).</summary>
    public static CosmosSearchQuery Build(SearchQuery query, string? afterKey)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Count);

        var builder = new CosmosSearchQueryBuilder();
        var partition = TargetPartition(query.Where);
        var sql = new StringBuilder("SELECT c.pk, c.t, c.rid, c.key, c.ver, c.upd, c.body, c.chunks, c.salt FROM c WHERE c.kind = ")
            .Append(builder.Parameter(DocumentKeys.CurrentKind));
        if (partition is not null)
        {
            // Redundant with the request's partition key on Cosmos, but it states the scope in the query itself.
            sql.Append(" AND c.pk = ").Append(builder.Parameter(partition));
        }

        if (query.ResourceType is not null)
        {
            sql.Append(" AND c.t = ").Append(builder.Parameter(query.ResourceType));
        }

        if (afterKey is not null)
        {
            sql.Append(" AND c.key > ").Append(builder.Parameter(afterKey));
        }

        if (query.Where is not null)
        {
            sql.Append(" AND ").Append(query.Where.Accept(builder));
        }

        // The equality-filtered fields lead the ORDER BY so that it matches a composite index exactly.
        sql.Append(query.ResourceType is null ? " ORDER BY c.kind, c.key" : " ORDER BY c.kind, c.t, c.key");

        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in builder._parameters)
        {
            definition.WithParameter(name, value);
        }

        return new CosmosSearchQuery(definition, partition);
    }

    public string VisitToken(TokenExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.System is null
            ? "ARRAY_CONTAINS(c.tc, " + Parameter(SearchIndexFields.TokenCode(expression.ParamCode, expression.Code)) + ")"
            : "ARRAY_CONTAINS(c.tk, " + Parameter(SearchIndexFields.Token(expression.ParamCode, expression.System, expression.Code)) + ")";
    }

    public string VisitValue(ValueExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Kind == SearchParamKind.Token)
        {
            // An exact token value with any system is the same question as a system-less token search.
            return VisitToken(new TokenExpression(expression.ParamCode, null, expression.Value));
        }

        return "ARRAY_CONTAINS(c.sv, " + Parameter(SearchIndexFields.Value(expression.ParamCode, expression.Kind, expression.Value)) + ")";
    }

    public string VisitStringPrefix(StringPrefixExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var prefix = SearchIndexFields.Value(expression.ParamCode, SearchParamKind.String, expression.Prefix);
        return "EXISTS(SELECT VALUE v FROM v IN c.sv WHERE STARTSWITH(v, " + Parameter(prefix) + "))";
    }

    public string VisitId(IdExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Ids.Count == 0)
        {
            return MatchNothing;
        }

        var sql = new StringBuilder("c.rid IN (");
        for (var i = 0; i < expression.Ids.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(Parameter(expression.Ids[i]));
        }

        return sql.Append(')').ToString();
    }

    public string VisitCompartment(CompartmentExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return "c.comp = " + Parameter(expression.CompartmentKey);
    }

    public string VisitAnd(AndExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Combine(expression.Operands, " AND ", MatchEverything);
    }

    public string VisitOr(OrExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Combine(expression.Operands, " OR ", MatchNothing);
    }

    /// <summary>
    /// A compartment that every match must be in (the expression itself, or a direct operand of a
    /// top-level AND): its resources share one partition, so the query need not fan out.
    /// </summary>
    private static string? TargetPartition(SearchExpression? where) => where switch
    {
        CompartmentExpression compartment => compartment.CompartmentKey,
        AndExpression and => and.Operands.OfType<CompartmentExpression>().FirstOrDefault()?.CompartmentKey,
        _ => null,
    };

    private string Combine(IReadOnlyList<SearchExpression> operands, string separator, string identity)
    {
        if (operands.Count == 0)
        {
            return identity;
        }

        var sql = new StringBuilder("(");
        for (var i = 0; i < operands.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : separator).Append(operands[i].Accept(this));
        }

        return sql.Append(')').ToString();
    }

    private string Parameter(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }
}
