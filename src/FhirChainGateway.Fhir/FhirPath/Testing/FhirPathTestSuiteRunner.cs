using System.Globalization;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.FhirPath.Evaluation;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>
/// Runs suites in the official FHIRPath test format and reports each test as passed, failed (with the reason) or not
/// run. A test expecting an error passes when compiling or evaluating raises any FHIRPath error, as in the reference
/// runners; anything else the engine throws is reported as a crash.
/// </summary>
public sealed class FhirPathTestSuiteRunner
{
    private readonly IFhirPathTestInputSource? _inputs;
    private readonly EvaluationContext _context;
    private readonly Dictionary<(bool Strict, bool Ordered), FhirPathCompiler> _compilers = [];

    /// <param name="definitions">Definitions for static checks and type tests (the suite expects them).</param>
    /// <param name="inputs">Where test inputs come from; null runs only the tests without input.</param>
    /// <param name="timeProvider">The clock of now() and today().</param>
    public FhirPathTestSuiteRunner(FhirDefinitions? definitions, IFhirPathTestInputSource? inputs, TimeProvider timeProvider)
    {
        _inputs = inputs;
        _context = new EvaluationContext(timeProvider);
        foreach (var strict in new[] { false, true })
        {
            foreach (var ordered in new[] { false, true })
            {
                _compilers[(strict, ordered)] = new FhirPathCompiler(definitions, new FhirPathCompilerOptions { Strict = strict, CheckOrderedFunctions = ordered });
            }
        }
    }

    /// <summary>Loads a suite file and runs it with inputs from beside it.</summary>
    public static IReadOnlyList<FhirPathTestResult> RunFile(string suitePath, FhirDefinitions definitions, TimeProvider timeProvider)
    {
        var suite = FhirPathTestSuite.Load(suitePath);
        var runner = new FhirPathTestSuiteRunner(definitions, FhirPathTestInputs.ForSuite(definitions, suitePath), timeProvider);
        return runner.Run(suite);
    }

    public IReadOnlyList<FhirPathTestResult> Run(FhirPathTestSuite suite) => suite.Cases.Select(Run).ToList();

    public FhirPathTestResult Run(FhirPathTestCase test)
    {
        ElementNode? input = null;
        if (test.InputFile is { } file)
        {
            if (_inputs is null)
            {
                return new FhirPathTestResult(test, FhirPathTestOutcome.NotRun, "no input source configured");
            }

            try
            {
                input = _inputs.Load(file);
            }
            catch (FhirPathTestInputUnavailableException unavailable)
            {
                return new FhirPathTestResult(test, FhirPathTestOutcome.NotRun, unavailable.Message);
            }
            catch (Exception error)
            {
                // The input exists but our parser rejects it: the test cannot pass, so it counts as a failure.
                return new FhirPathTestResult(test, FhirPathTestOutcome.Failed, $"input '{file}' was rejected by the parser: {error.Message}");
            }
        }

        var compiler = _compilers[(test.Mode == "strict", test.CheckOrderedFunctions)];
        IReadOnlyList<FhirPathValue> result;
        try
        {
            var compiled = compiler.Compile(test.Expression, input?.IsResource == true ? input.InstanceType : null);
            result = input is null ? compiled.Evaluate(Collections.Empty, _context) : compiled.Evaluate(input, _context);
        }
        catch (FhirPathException error) when (EngineFault(error) is { } fault)
        {
            return new FhirPathTestResult(test, FhirPathTestOutcome.Failed, $"engine crashed: {fault.GetType().Name}: {fault.Message}");
        }
        catch (FhirPathException error)
        {
            return test.Invalid is not null
                ? new FhirPathTestResult(test, FhirPathTestOutcome.Passed)
                : new FhirPathTestResult(test, FhirPathTestOutcome.Failed, $"unexpected error: {error.Message}");
        }
        catch (Exception crash)
        {
            return new FhirPathTestResult(test, FhirPathTestOutcome.Failed, $"engine crashed: {crash.GetType().Name}: {crash.Message}");
        }

        if (test.Invalid is not null)
        {
            return new FhirPathTestResult(test, FhirPathTestOutcome.Failed, $"expected an error ({test.Invalid}) but got {Describe(result)}");
        }

        if (test.Predicate)
        {
            result = Collections.Boolean(result.Count > 0);
        }

        return Matches(test, result, out var reason)
            ? new FhirPathTestResult(test, FhirPathTestOutcome.Passed)
            : new FhirPathTestResult(test, FhirPathTestOutcome.Failed, reason);
    }

    /// <summary>A defect the engine wrapped as an evaluation error, so an error-expecting test cannot pass on a crash.</summary>
    private static Exception? EngineFault(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is not FhirPathException)
            {
                return inner;
            }
        }

        return null;
    }

    private static bool Matches(FhirPathTestCase test, IReadOnlyList<FhirPathValue> actual, out string reason)
    {
        reason = $"expected {Describe(test.Outputs)} but got {Describe(actual)}";
        if (actual.Count != test.Outputs.Count)
        {
            return false;
        }

        if (test.Ordered)
        {
            for (var i = 0; i < actual.Count; i++)
            {
                if (!ItemMatches(test.Outputs[i], actual[i]))
                {
                    return false;
                }
            }

            return true;
        }

        var used = new bool[actual.Count];
        foreach (var expected in test.Outputs)
        {
            var index = Enumerable.Range(0, actual.Count).FirstOrDefault(i => !used[i] && ItemMatches(expected, actual[i]), -1);
            if (index < 0)
            {
                return false;
            }

            used[index] = true;
        }

        return true;
    }

    private static bool ItemMatches(FhirPathTestOutput expected, FhirPathValue actual)
    {
        var (type, text) = Render(actual);
        if (expected.Type is not null && !string.Equals(expected.Type, type, StringComparison.Ordinal))
        {
            return false;
        }

        var expectedText = expected.Value.Trim();
        if (expectedText.StartsWith("@T", StringComparison.Ordinal))
        {
            expectedText = expectedText[2..];
        }
        else if (expectedText.StartsWith('@'))
        {
            expectedText = expectedText[1..];
        }

        if (string.Equals(expectedText, text, StringComparison.Ordinal))
        {
            return true;
        }

        // Typed numbers compare by value (1 and 1.0 are the same decimal); untyped outputs compare as written.
        return expected.Type is "decimal" or "integer"
            && decimal.TryParse(expectedText, NumberStyles.Number, CultureInfo.InvariantCulture, out var e)
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)
            && e == a;
    }

    /// <summary>The suite's type name for an item (FHIR type code, or the lower-cased System type) and its text.</summary>
    private static (string Type, string Text) Render(FhirPathValue value)
    {
        if (value.Node is { } node)
        {
            var text = node.Text
                ?? (Primitives.ToSystem(value) is FhirPathQuantity q ? q.ToString() : node.Location);
            return (node.InstanceType, text);
        }

        var type = value.TypeName switch
        {
            "DateTime" => "dateTime",
            "Quantity" => "Quantity",
            var name => name.ToLowerInvariant(),
        };
        return (type, ConversionFunctionsText(value.Item));
    }

    private static string ConversionFunctionsText(object value) =>
        Functions.ConversionFunctions.AsString(value) ?? value.ToString() ?? string.Empty;

    private static string Describe(IReadOnlyList<FhirPathTestOutput> outputs) =>
        outputs.Count == 0 ? "an empty result" : "[" + string.Join(", ", outputs.Select(o => o.Type is null ? o.Value : $"{o.Type} {o.Value}")) + "]";

    private static string Describe(IReadOnlyList<FhirPathValue> values) =>
        values.Count == 0 ? "an empty result" : "[" + string.Join(", ", values.Select(v =>
        {
            var (type, text) = Render(v);
            return $"{type} {text}";
        })) + "]";
}
