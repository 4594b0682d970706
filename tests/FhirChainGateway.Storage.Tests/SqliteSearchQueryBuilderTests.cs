using FhirChainGateway.Storage.Search;
using FhirChainGateway.Storage.Sqlite;

namespace FhirChainGateway.Storage.Tests;

public sealed class SqliteSearchQueryBuilderTests
{
    [Fact]
    public void Every_value_is_a_parameter_and_none_appears_in_the_sql()
    {
        var hostile = "x' OR '1'='1";
        var query = new SearchQuery(
            "Patient' --",
            new AndExpression(
            [
                new TokenExpression("identifier" + hostile, "sys" + hostile, "code" + hostile),
                new OrExpression([new IdExpression(["id" + hostile]), new CompartmentExpression("Patient/" + hostile)]),
                new StringPrefixExpression("family", "pre" + hostile),
                new ValueExpression("subject", SearchParamKind.Reference, "ref" + hostile),
            ]),
            10,
            null);

        var command = SqliteSearchQueryBuilder.Build(query, afterResourceKey: 7);

        command.CommandText.ShouldNotContain("'");
        command.CommandText.ShouldNotContain(hostile);
        var values = command.Parameters.Select(p => p.Value).ToList();
        values.ShouldContain("Patient' --");
        values.ShouldContain("identifier" + hostile);
        values.ShouldContain("sys" + hostile);
        values.ShouldContain("code" + hostile);
        values.ShouldContain("id" + hostile);
        values.ShouldContain("Patient/" + hostile);
        values.ShouldContain("pre" + hostile);
        values.ShouldContain("ref" + hostile);
        values.ShouldContain(7L);
        command.Parameters.Select(p => p.ParameterName).Distinct().Count().ShouldBe(command.Parameters.Count);
        command.Parameters.ShouldAllBe(p => command.CommandText.Contains(p.ParameterName));
    }

    [Fact]
    public void A_page_asks_for_one_row_more_than_its_size()
    {
        var command = SqliteSearchQueryBuilder.Build(new SearchQuery("Patient", null, 50, null), afterResourceKey: null);

        command.Parameters.Select(p => p.Value).ShouldContain(51L);
        command.CommandText.ShouldContain("ORDER BY r.resource_key");
    }

    [Fact]
    public void A_page_size_below_one_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SqliteSearchQueryBuilder.Build(new SearchQuery("Patient", null, 0, null), null));
    }
}
