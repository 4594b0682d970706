using System.CommandLine;
using FhirChainGateway.Cli.Commands;

var root = new RootCommand("fhirchain: tools for the FhirChainGateway FHIR engine and ledger")
{
    CanonicalCommand.Create(),
    VerifyCommand.Create(),
    AuditCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
