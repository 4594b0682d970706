using System.Text;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Testing;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.TestSupport;
using Xunit.Abstractions;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

[Collection(DefinitionsCollection.Name)]
public sealed class FhirPathTestSuiteRunnerTests(DefinitionsFixture fixture, ITestOutputHelper output)
{
    private const string Suite = """
        <tests name="mini">
          <group name="g">
            <test name="right" inputfile="patient.json"><expression>name.given</expression><output type="string">Ann</output><output type="string">Bo</output></test>
            <test name="wrongValue" inputfile="patient.json"><expression>name.given.first()</expression><output type="string">Bo</output></test>
            <test name="wrongType"><expression>1 + 1</expression><output type="decimal">2</output></test>
            <test name="unordered" inputfile="patient.json" ordered="false"><expression>name.given</expression><output type="string">Bo</output><output type="string">Ann</output></test>
            <test name="expectsError"><expression invalid="syntax">1 +</expression></test>
            <test name="missedError"><expression invalid="execution">1 + 1</expression></test>
            <test name="predicate" inputfile="patient.json" predicate="true"><expression>name</expression><output type="boolean">true</output></test>
            <test name="noInput" inputfile="absent.json"><expression>name</expression></test>
            <test name="right"><expression>@2014-01-01</expression><output type="date">@2014-01-01</output></test>
          </group>
        </tests>
        """;

    [Fact]
    public void Each_test_is_reported_with_its_outcome_and_reason()
    {
        var suite = FhirPathTestSuite.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Suite)));
        var inputs = new StubInputs(new FhirJsonParser(fixture.Definitions)
            .Parse("""{"resourceType":"Patient","name":[{"given":["Ann","Bo"]}]}"""));
        var runner = new FhirPathTestSuiteRunner(fixture.Definitions, inputs, new ManualTimeProvider());

        var results = runner.Run(suite).ToDictionary(r => r.Case.Id);
        foreach (var result in results.Values)
        {
            output.WriteLine(result.ToString());
        }

        results["g/right"].Outcome.ShouldBe(FhirPathTestOutcome.Passed);
        results["g/right#2"].Outcome.ShouldBe(FhirPathTestOutcome.Passed);
        results["g/wrongValue"].Reason.ShouldBe("expected [string Bo] but got [string Ann]");
        results["g/wrongType"].Reason.ShouldBe("expected [decimal 2] but got [integer 2]");
        results["g/unordered"].Outcome.ShouldBe(FhirPathTestOutcome.Passed);
        results["g/expectsError"].Outcome.ShouldBe(FhirPathTestOutcome.Passed);
        results["g/missedError"].Reason.ShouldBe("expected an error (execution) but got [integer 2]");
        results["g/predicate"].Outcome.ShouldBe(FhirPathTestOutcome.Passed);
        results["g/noInput"].Outcome.ShouldBe(FhirPathTestOutcome.NotRun);
        FhirPathTestSummary.Of(results.Values).ToString().ShouldBe("5 passed, 3 failed, 1 not run (62.5% of the 8 that ran)");
    }

    private sealed class StubInputs(ElementNode patient) : IFhirPathTestInputSource
    {
        public ElementNode Load(string fileName) =>
            fileName == "patient.json" ? patient : throw new FhirPathTestInputUnavailableException($"no {fileName}");
    }
}
