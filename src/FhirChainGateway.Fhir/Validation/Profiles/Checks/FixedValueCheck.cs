using System.Text.Json;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary><c>fixed[x]</c>: the value must equal the profile's value exactly (for complex types: nothing more, nothing less).</summary>
internal sealed class FixedValueCheck(ElementDef def, TypedJsonValue value) : INodeCheck
{
    public void Check(ElementNode node, ValidationRun run)
    {
        if (FhirValueMatcher.Matches(node, value.Value, exact: true))
        {
            return;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            run.Error("value", $"Value is '{Texts.Shorten(node.Text ?? "(no value)")}' but is fixed to '{FhirValueMatcher.Describe(value.Value)}' in the profile{ValidationRun.From(def)} ({def.Key}).", node);
            return;
        }

        run.Error("value", $"The value does not equal the fixed value {Texts.Shorten(value.Value.GetRawText())} the profile{ValidationRun.From(def)} requires at {def.Key}: extra, missing or different elements.", node);
    }
}
