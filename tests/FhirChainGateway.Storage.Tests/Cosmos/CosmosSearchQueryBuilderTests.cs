using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Search;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>The query text the Cosmos search visitor produces (no server needed).</summary>
public sealed class CosmosSearchQueryBuilderTests
{
    [Fact]
    public void Every_value_is_a_parameter_and_never_part_of_the_query_text()
    {
        var values = new[] { "urn:sys", "c0de'", "Patient/x", "smi%", "id-1", "id-2", "Patient/7", "after'key" };
        var where = new AndExpression(
        [
            new TokenExpression("identifier", values[0], values[1]),
            new ValueExpression("subject", SearchParamKind.Reference, values[2]),
            new StringPrefixExpression("family", values[3]),
            new IdExpression([values[4], values[5]]),
            new OrExpression([new CompartmentExpression(values[6]), new TokenExpression("status", null, "final")]),
        ]);

        var query = CosmosSearchQueryBuilder.Build(new SearchQuery("Observation", where, 10, null), values[7]);

        var text = query.Definition.QueryText;
        foreach (var value in values.Append("Observation").Append("identifier").Append("final"))
        {
            text.ShouldNotContain(value);
        }

        var parameters = query.Definition.GetQueryParameters().ToDictionary(p => p.Name, p => p.Value);
        parameters.Values.ShouldContain("Observation");
        parameters.Values.ShouldContain("after'key");
        parameters.Values.ShouldContain("id-1");
        parameters.Values.ShouldContain("identifier\u001furn:sys\u001fc0de'");
        parameters.Values.ShouldContain("family\u001f1\u001fsmi%");
        text.ShouldNotContain("DISTINCT");
        text.ShouldNotContain("OFFSET");
        text.ShouldNotContain("JOIN");
        query.PartitionKey.ShouldBeNull("the compartment is only one branch of an OR");
    }

    [Fact]
    public void Tokens_with_and_without_a_system_use_their_own_index_arrays()
    {
        Text(new TokenExpression("code", "http://loinc.org", "1")).ShouldContain("ARRAY_CONTAINS(c.tk, @p");
        Text(new TokenExpression("code", null, "1")).ShouldContain("ARRAY_CONTAINS(c.tc, @p");
        Text(new TokenExpression("code", string.Empty, "1")).ShouldContain("ARRAY_CONTAINS(c.tk, @p");
        Text(new ValueExpression("code", SearchParamKind.Token, "1")).ShouldContain("ARRAY_CONTAINS(c.tc, @p");
        Text(new StringPrefixExpression("name", "jo")).ShouldContain("EXISTS(SELECT VALUE v FROM v IN c.sv WHERE STARTSWITH(v, @p");
    }

    [Fact]
    public void Empty_combinations_match_everything_or_nothing()
    {
        Text(new AndExpression([])).ShouldContain("AND true ORDER BY");
        Text(new OrExpression([])).ShouldContain("AND false ORDER BY");
        Text(new IdExpression([])).ShouldContain("AND false ORDER BY");
    }

    [Fact]
    public void A_compartment_that_every_match_must_be_in_confines_the_query_to_its_partition()
    {
        var alone = CosmosSearchQueryBuilder.Build(new SearchQuery(null, new CompartmentExpression("Patient/1"), 10, null), null);
        var inAnd = CosmosSearchQueryBuilder.Build(
            new SearchQuery("Observation", new AndExpression([new TokenExpression("code", null, "x"), new CompartmentExpression("Patient/2")]), 10, null), null);
        var typeLevel = CosmosSearchQueryBuilder.Build(new SearchQuery("Observation", new TokenExpression("code", null, "x"), 10, null), null);

        alone.PartitionKey.ShouldBe("Patient/1");
        alone.Definition.QueryText.ShouldContain("c.pk = @p");
        inAnd.PartitionKey.ShouldBe("Patient/2");
        typeLevel.PartitionKey.ShouldBeNull();
        typeLevel.Definition.QueryText.ShouldNotContain("c.pk =");
    }

    [Fact]
    public void Results_are_ordered_by_the_key_behind_the_filtered_fields_to_match_a_composite_index()
    {
        Text(null, "Patient").ShouldEndWith("ORDER BY c.kind, c.t, c.key");
        Text(new CompartmentExpression("Patient/1"), null).ShouldEndWith("ORDER BY c.kind, c.key");
        var composites = CosmosSchema.ResourcesContainer("r").IndexingPolicy.CompositeIndexes
            .Select(c => string.Join(",", c.Select(p => p.Path)))
            .ToList();
        composites.ShouldContain("/kind,/t,/key");
        composites.ShouldContain("/kind,/key");
    }

    private static string Text(SearchExpression? where, string? type = "Observation") =>
        CosmosSearchQueryBuilder.Build(new SearchQuery(type, where, 10, null), null).Definition.QueryText;
}
