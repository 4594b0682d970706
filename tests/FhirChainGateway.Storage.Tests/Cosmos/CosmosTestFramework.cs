using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("FhirChainGateway.Storage.Tests.Cosmos.CosmosTestFramework", "FhirChainGateway.Storage.Tests")]

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>
/// xunit's own framework, except that tests of <see cref="CosmosTestAttribute"/> classes are
/// discovered as skipped when no Cosmos endpoint is available. xunit 2 has no run-time skip, and the
/// shared contract tests carry plain [Fact]s, so the decision has to be made at discovery. Every
/// other test of the assembly is discovered exactly as by <see cref="XunitTestFramework"/>.
/// </summary>
public sealed class CosmosTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (CosmosTestServer.UnavailableReason is null
                || !testMethod.TestClass.Class.GetCustomAttributes(typeof(CosmosTestAttribute)).Any()
                || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var testCase = new UnavailableTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
            return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
        }
    }
}

/// <summary>A test case that is always skipped with <see cref="CosmosTestServer.UnavailableReason"/>.</summary>
public sealed class UnavailableTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public UnavailableTestCase()
    {
    }

    public UnavailableTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay methodDisplay, TestMethodDisplayOptions methodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, methodDisplay, methodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        CosmosTestServer.UnavailableReason ?? base.GetSkipReason(factAttribute);
}
