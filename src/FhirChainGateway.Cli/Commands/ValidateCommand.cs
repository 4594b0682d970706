using System.CommandLine;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Packages;
using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Cli.Commands;

/// <summary>
/// <c>fhirchain validate [--profile URL]... [--load FILE|DIR|PACKAGE.tgz]... [--format text|ndjson] FILE...</c>:
/// validates FHIR JSON or XML resources against base R4, their known <c>meta.profile</c>s and the given profiles.
/// <c>--load</c> adds conformance resources (StructureDefinitions, ValueSets, CodeSystems, in JSON or XML, folders of
/// them, or FHIR packages). All files are validated in one process, so definitions load once. Exit code 0 when no
/// file has errors, 1 when some do, 2 on usage errors (missing files, unreadable conformance resources).
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "FHIR resources to validate (JSON or XML)", Arity = ArgumentArity.OneOrMore };
        var profiles = new Option<string[]>("--profile") { Description = "Canonical URL of a profile every file must also conform to (repeatable)", AllowMultipleArgumentsPerToken = false };
        var loads = new Option<string[]>("--load") { Description = "Conformance resources to load: a JSON/XML file, a folder of them, or a FHIR package .tgz (repeatable)" };
        var format = new Option<string>("--format") { Description = "Output: text (default) or ndjson (one line per file with the OperationOutcome)", DefaultValueFactory = _ => "text" };
        var unknownExtensions = new Option<string>("--unknown-extensions") { Description = "What an extension with no loaded definition gets: error, warning (default), information or ignore", DefaultValueFactory = _ => "warning" };
        var command = new Command("validate", "Validate FHIR resources against base R4 and profiles")
        {
            files,
            profiles,
            loads,
            format,
            unknownExtensions,
        };
        command.SetAction(parse => Run(
            parse.GetValue(files) ?? [],
            parse.GetValue(profiles) ?? [],
            parse.GetValue(loads) ?? [],
            parse.GetValue(format) ?? "text",
            parse.GetValue(unknownExtensions) ?? "warning"));
        return command;
    }

    private static int Run(FileInfo[] files, string[] profiles, string[] loads, string format, string unknownExtensions)
    {
        if (format is not ("text" or "ndjson"))
        {
            Console.Error.WriteLine($"fhirchain: --format must be text or ndjson, not '{format}'");
            return 2;
        }

        if (!Enum.TryParse<UnknownExtensionPolicy>(unknownExtensions, ignoreCase: true, out var policy))
        {
            Console.Error.WriteLine($"fhirchain: --unknown-extensions must be error, warning, information or ignore, not '{unknownExtensions}'");
            return 2;
        }

        var missing = files.Where(f => !f.Exists).ToList();
        foreach (var file in missing)
        {
            Console.Error.WriteLine($"fhirchain: {file.FullName} does not exist");
        }

        if (missing.Count > 0)
        {
            return 2;
        }

        DefinitionsOptions options;
        FhirDefinitions definitions;
        try
        {
            options = DefinitionsOptions.Locate();
            definitions = FhirDefinitions.Load(options);
        }
        catch (DefinitionsNotFoundException missingDefinitions)
        {
            Console.Error.WriteLine("fhirchain: " + missingDefinitions.Message);
            return 2;
        }
        var extra = new ConformanceResourceSet(definitions);
        foreach (var load in loads)
        {
            if (!File.Exists(load) && !Directory.Exists(load))
            {
                Console.Error.WriteLine($"fhirchain: --load {load}: no such file or folder");
                return 2;
            }

            try
            {
                extra.Load(load);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"fhirchain: --load {load}: {e.Message}");
                return 2;
            }
        }

        foreach (var problem in extra.Problems)
        {
            Console.Error.WriteLine($"fhirchain: warning: {problem}");
        }

        var resources = new ValidationResources(definitions, options.DefinitionsDirectory, extra);
        var validator = new DocumentValidator(new ProfileValidator(resources, ProfileValidatorOptions.Default with { UnknownExtensions = policy }));
        var anyErrors = false;
        using var stdout = Console.OpenStandardOutput();
        foreach (var file in files)
        {
            var result = validator.Validate(File.ReadAllBytes(file.FullName), profiles);
            anyErrors |= !result.IsValid;
            if (format == "ndjson")
            {
                WriteNdjson(stdout, file.FullName, result);
            }
            else
            {
                WriteText(file.FullName, result);
            }
        }

        return anyErrors ? 1 : 0;
    }

    private static void WriteNdjson(Stream stdout, string file, DocumentValidationResult result)
    {
        using (var writer = new Utf8JsonWriter(stdout))
        {
            writer.WriteStartObject();
            writer.WriteString("file", file);
            writer.WriteNumber("errors", result.ErrorCount);
            writer.WriteNumber("warnings", result.WarningCount);
            writer.WritePropertyName("outcome");
            OperationOutcomeWriter.Write(writer, result.Issues);
            writer.WriteEndObject();
        }

        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }

    private static void WriteText(string file, DocumentValidationResult result)
    {
        Console.WriteLine($"{file}: {(result.IsValid ? "valid" : "INVALID")} ({result.ErrorCount} errors, {result.WarningCount} warnings)");
        foreach (var issue in result.Issues)
        {
            var position = issue.Line is { } line ? $" ({line}:{issue.Column})" : string.Empty;
            Console.WriteLine($"  {Label(issue.Severity),-11} {issue.Location}{position}: {issue.Diagnostics}");
        }
    }

    private static string Label(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Fatal => "fatal",
        IssueSeverity.Error => "error",
        IssueSeverity.Warning => "warning",
        _ => "information",
    };
}
