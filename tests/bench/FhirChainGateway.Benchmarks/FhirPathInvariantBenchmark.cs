using BenchmarkDotNet.Attributes;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// The R4 core invariants of a validator's workload: every constraint of every element definition, evaluated on every
/// node of a few HL7 example Patients and Observations (ele-1 on each element, dom-*, pat-1, obs-6, obs-7, txt-*, ...).
/// One operation is one invariant evaluation.
/// </summary>
[MemoryDiagnoser]
public class FhirPathInvariantBenchmark
{
    private static readonly string[] Examples =
    [
        "Patient-example.json", "Patient-f201.json", "Patient-glossy.json",
        "Observation-example.json", "Observation-f001.json", "Observation-blood-pressure.json", "Observation-bmi.json",
    ];

    private (ElementNode Node, CompiledExpression Invariant)[] _work = [];
    private EvaluationContext _context = new();

    [GlobalSetup]
    public void Setup()
    {
        var folder = TestData.PathOf("r4-spec-examples", "package") ?? throw new InvalidOperationException(TestData.MissingReason);
        var definitions = FhirDefinitions.Load(DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable));
        var parser = new FhirJsonParser(definitions);
        var compiler = new FhirPathCompiler(definitions, FhirPathCompilerOptions.R4Core);
        var work = new List<(ElementNode, CompiledExpression)>();
        foreach (var file in Examples)
        {
            var resource = parser.Parse(File.ReadAllText(Path.Combine(folder, file)));
            foreach (var node in resource.Descendants().Prepend(resource))
            {
                if (node.Definition is not { } definition)
                {
                    continue;
                }

                var context = ReferenceEquals(node, resource) ? resource.InstanceType : definition.Path;
                foreach (var constraint in definition.Constraints)
                {
                    if (constraint.Expression is { } expression && compiler.Validate(expression, context) is null)
                    {
                        work.Add((node, compiler.Compile(expression, context)));
                    }
                }
            }
        }

        _work = [.. work];
        _context = new EvaluationContext();
    }

    /// <summary>Evaluations per invocation (cycling through the work), so BenchmarkDotNet reports the cost of one.</summary>
    private const int EvaluationsPerInvoke = 1000;

    [Benchmark(OperationsPerInvoke = EvaluationsPerInvoke)]
    public int EvaluateInvariants()
    {
        var satisfied = 0;
        for (var i = 0; i < EvaluationsPerInvoke; i++)
        {
            var (node, invariant) = _work[i % _work.Length];
            if (invariant.EvaluateBoolean(node, _context) != false)
            {
                satisfied++;
            }
        }

        return satisfied;
    }
}
