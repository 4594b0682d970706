using System.CommandLine;
using System.Security.Cryptography;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Cli.Commands;

/// <summary>
/// <c>fhirchain canonical FILE [--hash]</c>: the FHIR canonical JSON of a resource (the form every hash in
/// the system is taken over), or its SHA-256, so anyone can recompute a Provenance target hash offline.
/// </summary>
public static class CanonicalCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A FHIR JSON resource" };
        var hash = new Option<bool>("--hash") { Description = "Print the lower-case hex SHA-256 of the canonical form instead" };
        var command = new Command("canonical", "Print the FHIR canonical JSON (RFC 8785, without text and meta) of a resource")
        {
            file,
            hash,
        };
        command.SetAction(parse =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"fhirchain: {input.FullName} does not exist");
                return 2;
            }

            try
            {
                var canonical = new FhirCanonicalJson(FhirDefinitions.LoadDefault()).Canonicalize(File.ReadAllBytes(input.FullName));
                if (parse.GetValue(hash))
                {
                    Console.WriteLine(Convert.ToHexStringLower(SHA256.HashData(canonical)));
                }
                else
                {
                    using var stdout = Console.OpenStandardOutput();
                    stdout.Write(canonical);
                    stdout.WriteByte((byte)'\n');
                }

                return 0;
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
}
