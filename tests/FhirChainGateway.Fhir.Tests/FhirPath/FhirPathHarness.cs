using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

/// <summary>Compiles and evaluates expressions for the tests, against resources given as FHIR JSON.</summary>
internal sealed class FhirPathHarness(DefinitionsFixture fixture, FhirPathCompilerOptions? options = null)
{
    public const string PatientJson = """
        {"resourceType":"Patient","id":"pat1","active":true,
         "identifier":[{"system":"http://example.org/mrn","value":"12345"}],
         "name":[{"use":"official","family":"Chalmers","given":["Peter","James"]},
                 {"use":"usual","given":["Jim"]},
                 {"use":"maiden","family":"Windsor","given":["Peter","James"],"period":{"end":"2002"}}],
         "telecom":[{"system":"phone","value":"(03) 5555 6473","use":"work","rank":1},
                    {"system":"phone","value":"(03) 3410 5613","use":"mobile","rank":2}],
         "gender":"male","birthDate":"1974-12-25",
         "_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1974-12-25T14:35:45-05:00"}]},
         "deceasedBoolean":false,
         "contact":[{"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"N"}]}],
                     "name":{"family":"du Marché","given":["Bénédicte"]},"gender":"female"}]}
        """;

    public const string ObservationJson = """
        {"resourceType":"Observation","id":"obs1","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body Weight"}]},
         "subject":{"reference":"Patient/pat1"},
         "effectiveDateTime":"2016-03-28T09:30:00+01:00",
         "valueQuantity":{"value":185,"unit":"lbs","system":"http://unitsofmeasure.org","code":"[lb_av]"}}
        """;

    public FhirPathCompiler Compiler { get; } = new(fixture.Definitions, options);

    public FhirJsonParser Parser { get; } = new(fixture.Definitions);

    public ElementNode Parse(string json) => Parser.Parse(json);

    /// <summary>Evaluates against the resource (checked against its type), or without input when json is null.</summary>
    public IReadOnlyList<FhirPathValue> Evaluate(string expression, string? json = null, EvaluationContext? context = null)
    {
        if (json is null)
        {
            return Compiler.Compile(expression).Evaluate([], context);
        }

        var resource = Parse(json);
        return Compiler.Compile(expression, resource.InstanceType).Evaluate(resource, context);
    }

    /// <summary>The result rendered as "value, value" (System values and primitive elements as text).</summary>
    public string Render(string expression, string? json = null, EvaluationContext? context = null) =>
        string.Join(", ", Evaluate(expression, json, context).Select(v => v.ToString()));

    /// <summary>The single Boolean result; null when the result is empty.</summary>
    public bool? Boolean(string expression, string? json = null, EvaluationContext? context = null)
    {
        var result = Evaluate(expression, json, context);
        result.Count.ShouldBeLessThanOrEqualTo(1, $"{expression} gave {result.Count} items");
        return result.Count == 0 ? null : (bool)result[0].Item;
    }
}
