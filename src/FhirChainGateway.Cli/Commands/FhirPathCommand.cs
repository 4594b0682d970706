using System.CommandLine;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.FhirPath.Testing;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;

namespace FhirChainGateway.Cli.Commands;

/// <summary>
/// <c>fhirchain fhirpath EXPR [--input FILE]</c> evaluates a FHIRPath expression (against a FHIR JSON or XML
/// resource, or nothing) and prints the result as JSON, type and value per item; <c>fhirchain fhirpath-tests FILE.xml</c>
/// runs a suite in the official format and prints pass/fail per test and a final <c>N passed, N failed</c> line.
/// </summary>
public static class FhirPathCommand
{
    public static Command Create()
    {
        var expression = new Argument<string>("expression") { Description = "The FHIRPath expression" };
        var input = new Option<FileInfo?>("--input") { Description = "A FHIR resource (JSON or XML) to evaluate against" };
        var command = new Command("fhirpath", "Evaluate a FHIRPath expression and print the result as JSON") { expression, input };
        command.SetAction(parse =>
        {
            var definitions = FhirDefinitions.LoadDefault();
            var file = parse.GetValue(input);
            try
            {
                ElementNode? resource = null;
                if (file is not null)
                {
                    if (!file.Exists)
                    {
                        Console.Error.WriteLine($"fhirchain: {file.FullName} does not exist");
                        return 2;
                    }

                    var bytes = File.ReadAllBytes(file.FullName);
                    resource = LooksLikeXml(bytes) ? new FhirXmlParser(definitions).Parse(bytes) : new FhirJsonParser(definitions).Parse(bytes);
                }

                var compiler = new FhirPathCompiler(definitions, FhirPathCompilerOptions.R4Core);
                var compiled = compiler.Compile(parse.GetValue(expression)!, resource?.InstanceType);
                var context = new EvaluationContext { Resource = resource, RootResource = resource, TimeProvider = TimeProvider.System };
                IReadOnlyList<FhirPathValue> result = resource is null ? compiled.Evaluate([], context) : compiled.Evaluate(resource, context);
                Console.WriteLine(new FhirPathResultWriter(new FhirJsonSerializer(definitions)).Write(result));
                return 0;
            }
            catch (FhirPathException failure)
            {
                Console.Error.WriteLine($"fhirchain: {failure.Message}");
                return 1;
            }
            catch (FhirException failure)
            {
                foreach (var issue in failure.Issues)
                {
                    Console.Error.WriteLine($"fhirchain: {issue.Location}: {issue.Diagnostics}");
                }

                return 1;
            }
        });
        return command;
    }

    public static Command CreateSuiteRunner()
    {
        var suite = new Argument<FileInfo>("suite") { Description = "A test suite file in the official FHIRPath XML format (e.g. tests-fhir-r4.xml)" };
        var command = new Command("fhirpath-tests", "Run a FHIRPath test suite file and print pass/fail per test") { suite };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(suite)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"fhirchain: {file.FullName} does not exist");
                return 2;
            }

            var results = FhirPathTestSuiteRunner.RunFile(file.FullName, FhirDefinitions.LoadDefault(), TimeProvider.System);
            foreach (var result in results)
            {
                Console.WriteLine(result.ToString());
            }

            var summary = FhirPathTestSummary.Of(results);
            Console.WriteLine(summary.ToString());
            return summary.Failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static bool LooksLikeXml(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == (byte)'<';
        }

        return false;
    }
}
