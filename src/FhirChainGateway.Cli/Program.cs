using System.CommandLine;
using FhirChainGateway.Cli.Commands;
using FhirChainGateway.Fhir.Definitions;

var root = new RootCommand("fhirchain: tools for the FhirChainGateway FHIR engine and ledger")
{
    CanonicalCommand.Create(),
    ValidateCommand.Create(),
    VerifyCommand.Create(),
    AuditCommand.Create(),
    FhirPathCommand.Create(),
    FhirPathCommand.CreateSuiteRunner(),
};

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (DefinitionsNotFoundException missing)
{
    Console.Error.WriteLine("fhirchain: " + missing.Message);
    return 2;
}
