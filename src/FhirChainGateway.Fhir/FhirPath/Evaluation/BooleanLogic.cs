namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>Singleton evaluation of collections where a Boolean is expected.</summary>
internal static class BooleanLogic
{
    /// <summary>
    /// Empty gives null (unknown); a single Boolean gives its value; any other single item counts as true (so
    /// <c>true and 'foo'</c> is true); several items are an error.
    /// </summary>
    public static bool? ToBoolean(IReadOnlyList<FhirPathValue> collection, string usage)
    {
        if (collection.Count == 0)
        {
            return null;
        }

        if (collection.Count > 1)
        {
            throw new FhirPathEvaluationException(
                $"'{usage}' needs a single Boolean but got a collection of {collection.Count} items.");
        }

        var item = collection[0];
        if (item.Node is { InstanceType: "boolean" } node)
        {
            return node.HasValue ? node.Text == "true" : null;
        }

        return item.Item is bool value ? value : true;
    }
}
