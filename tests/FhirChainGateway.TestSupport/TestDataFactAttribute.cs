using Xunit;

namespace FhirChainGateway.TestSupport;

/// <summary>A fact that is skipped, with the reason, when the third-party test data is absent.</summary>
public sealed class TestDataFactAttribute : FactAttribute
{
    public TestDataFactAttribute()
    {
        if (!TestData.IsAvailable)
        {
            Skip = TestData.MissingReason;
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when the third-party test data is absent.</summary>
public sealed class TestDataTheoryAttribute : TheoryAttribute
{
    public TestDataTheoryAttribute()
    {
        if (!TestData.IsAvailable)
        {
            Skip = TestData.MissingReason;
        }
    }
}
