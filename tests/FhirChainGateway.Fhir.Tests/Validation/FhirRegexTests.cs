using FhirChainGateway.Fhir.Validation;

namespace FhirChainGateway.Fhir.Tests.Validation;

public sealed class FhirRegexTests
{
    [Theory]
    [InlineData(@"\S*", @"[^ \t\n\r]*")]
    [InlineData(@"[^\s]+(\s[^\s]+)*", @"[^ \t\n\r]+([ \t\n\r][^ \t\n\r]+)*")]
    [InlineData(@"[ \r\n\t\S]+", @"[ \r\n\t\u0000-\u0008\u000B\u000C\u000E-\u001F\u0021-\uFFFF]+")]
    [InlineData(@"[A-Za-z0-9\-\.]{1,64}", @"[A-Za-z0-9\-\.]{1,64}")]
    public void Whitespace_classes_get_their_xml_schema_meaning(string pattern, string expected) =>
        FhirRegex.Translate(pattern).ShouldBe(expected);

    [Theory]
    [InlineData(@"[^\s]+(\s[^\s]+)*", "a b", true)]
    [InlineData(@"[^\s]+(\s[^\s]+)*", "a\u00a0b", true)]
    [InlineData(@"[^\s]+(\s[^\s]+)*", "a  b", false)]
    [InlineData(@"[^\s]+(\s[^\s]+)*", "a\n", false)]
    [InlineData(@"\S*", "no\u2003space", true)]
    [InlineData(@"[0-9]+", "12\n", false)]
    [InlineData(@"[0-9]+", "12", true)]
    public void Compiled_patterns_match_the_whole_value(string pattern, string value, bool matches) =>
        FhirRegex.Compile(pattern).IsMatch(value).ShouldBe(matches);
}
