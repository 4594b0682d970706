using System.Text.Json;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary><c>pattern[x]</c>: everything the pattern states must be present in the value (pattern on CodeableConcept, Coding, Identifier, ...).</summary>
internal sealed class PatternCheck(ElementDef def, TypedJsonValue value) : INodeCheck
{
    public void Check(ElementNode node, ValidationRun run)
    {
        if (FhirValueMatcher.Matches(node, value.Value, exact: false))
        {
            return;
        }

        run.Error("value", value.Value.ValueKind == JsonValueKind.Object
            ? $"The value does not match the pattern {Texts.Shorten(value.Value.GetRawText())} required by the profile{ValidationRun.From(def)} at {def.Key}."
            : $"Value is '{Texts.Shorten(node.Text ?? "(no value)")}' but must be '{FhirValueMatcher.Describe(value.Value)}' (pattern in the profile{ValidationRun.From(def)} at {def.Key}).", node);
    }
}
