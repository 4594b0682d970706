using System.Globalization;
using System.Text;
using FhirChainGateway.Storage.Search;
using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// Translates the storage-neutral search expression tree into one SQLite statement over the current
/// resources, with each index criterion a semi-join on the search index tables and every value bound
/// as a parameter. Results are ordered by <c>resource_key</c>, which also serves as the keyset for
/// paging. One instance builds one statement.
/// </summary>
/// <remarks>
/// <para>
/// Index criteria are written <c>r.resource_key IN (SELECT ...)</c> rather than as a correlated
/// <c>EXISTS</c>: SQLite runs a correlated EXISTS as a scan of every resource of the type with one
/// probe per row, whereas the IN list is read once from the covering index, in key order, and drives
/// rowid look-ups. On 10,000 Observations a selective identifier search took 14 ms with EXISTS and
/// under 2 ms with IN, and a two-criteria AND 60 ms against under 1 ms; the gap grows with the table.
/// </para>
/// <para>Columns of the result: resource_key, resource_type, id, version_id, last_updated, json.</para>
/// </remarks>
public sealed class SqliteSearchQueryBuilder : ISearchExpressionVisitor<string>
{
    private const string MatchNothing = "0";
    private const string MatchEverything = "1";

    private readonly List<SqliteParameter> _parameters = [];

    /// <summary>
    /// The keyset bound, repeated inside each index sub-query so that a later page reads only the index
    /// entries after the previous page rather than every match again.
    /// </summary>
    private string? _afterKeyParameter;

    private SqliteSearchQueryBuilder()
    {
    }

    /// <summary>
    /// The statement for one page: at most <see cref="SearchQuery.Count"/> + 1 rows (the extra row
    /// only tells the caller that another page exists) after <paramref name="afterResourceKey"/>.
    /// </summary>
    public static SqliteSearchCommand Build(SearchQuery query, long? afterResourceKey)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Count);

        var builder = new SqliteSearchQueryBuilder();
        var sql = new StringBuilder(
            "SELECT r.resource_key, r.resource_type, r.id, r.version_id, r.last_updated, r.json FROM resources AS r WHERE r.is_deleted = 0");
        if (query.ResourceType is not null)
        {
            sql.Append(" AND r.resource_type = ").Append(builder.Parameter(query.ResourceType));
        }

        if (afterResourceKey is not null)
        {
            builder._afterKeyParameter = builder.Parameter(afterResourceKey.Value);
            sql.Append(" AND r.resource_key > ").Append(builder._afterKeyParameter);
        }

        if (query.Where is not null)
        {
            sql.Append(" AND ").Append(query.Where.Accept(builder));
        }

        sql.Append(" ORDER BY r.resource_key LIMIT ").Append(builder.Parameter((long)query.Count + 1));
        return new SqliteSearchCommand(sql.ToString(), builder._parameters);
    }

    public string VisitToken(TokenExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var sql = IndexSubquery("search_token", "t")
            .Append(" AND t.param = ").Append(Parameter(expression.ParamCode))
            .Append(" AND t.value = ").Append(Parameter(expression.Code));
        if (expression.System is not null)
        {
            sql.Append(" AND t.system = ").Append(Parameter(expression.System));
        }

        return sql.Append(')').ToString();
    }

    public string VisitValue(ValueExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Kind == SearchParamKind.Token)
        {
            // Tokens live in their own table; an exact value with any system is the same question.
            return VisitToken(new TokenExpression(expression.ParamCode, null, expression.Value));
        }

        return IndexSubquery("search_value", "v")
            .Append(" AND v.param = ").Append(Parameter(expression.ParamCode))
            .Append(" AND v.kind = ").Append(Parameter((long)expression.Kind))
            .Append(" AND v.value = ").Append(Parameter(expression.Value))
            .Append(')')
            .ToString();
    }

    public string VisitStringPrefix(StringPrefixExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var sql = IndexSubquery("search_value", "v")
            .Append(" AND v.param = ").Append(Parameter(expression.ParamCode))
            .Append(" AND v.kind = ").Append(Parameter((long)SearchParamKind.String))
            .Append(" AND v.value >= ").Append(Parameter(expression.Prefix));
        var upper = Utf8PrefixRange.UpperBound(expression.Prefix);
        if (upper is not null)
        {
            sql.Append(" AND v.value < ").Append(Parameter(upper));
        }

        return sql.Append(')').ToString();
    }

    public string VisitId(IdExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Ids.Count == 0)
        {
            return MatchNothing;
        }

        var sql = new StringBuilder("r.id IN (");
        for (var i = 0; i < expression.Ids.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(Parameter(expression.Ids[i]));
        }

        return sql.Append(')').ToString();
    }

    public string VisitCompartment(CompartmentExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return "r.compartment = " + Parameter(expression.CompartmentKey);
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

    /// <summary>The opening of an index semi-join; the caller appends its conditions and the closing parenthesis.</summary>
    private StringBuilder IndexSubquery(string table, string alias)
    {
        var sql = new StringBuilder("r.resource_key IN (SELECT ")
            .Append(alias).Append(".resource_key FROM ").Append(table).Append(" AS ").Append(alias).Append(" WHERE ");
        return _afterKeyParameter is null
            ? sql.Append(MatchEverything)
            : sql.Append(alias).Append(".resource_key > ").Append(_afterKeyParameter);
    }

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
        _parameters.Add(new SqliteParameter(name, value));
        return name;
    }
}
