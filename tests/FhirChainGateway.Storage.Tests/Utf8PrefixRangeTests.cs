using FhirChainGateway.Storage.Sqlite;

namespace FhirChainGateway.Storage.Tests;

public sealed class Utf8PrefixRangeTests
{
    [Theory]
    [InlineData("smit", "smiu")]
    [InlineData("a", "b")]
    [InlineData("z\U0010FFFF", "{")]
    [InlineData("\uD7FF", "\uE000")]
    [InlineData("ab\uFFFF", "ab\U00010000")]
    public void Upper_bound_increments_the_last_code_point_that_can_be(string prefix, string expected)
    {
        Utf8PrefixRange.UpperBound(prefix).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\U0010FFFF\U0010FFFF")]
    public void Prefixes_without_an_upper_bound(string prefix)
    {
        Utf8PrefixRange.UpperBound(prefix).ShouldBeNull();
    }
}
