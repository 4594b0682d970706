using FhirChainGateway.Fhir.FhirPath;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

public sealed class FhirPathSyntaxTests
{
    private readonly FhirPathCompiler _compiler = new();

    private string Render(string expression) =>
        string.Join(", ", _compiler.Compile(expression).Evaluate([]).Select(v => v.ToString()));

    [Theory]
    [InlineData("2 + 2 /", 1, 8, "expected an expression after '/'")]
    [InlineData("name.where(use = 'official'", 1, 28, "expected ')' to close the argument list")]
    [InlineData("name.\n  given.\n  (", 3, 3, "expected an element or function name after '.'")]
    [InlineData("'unterminated", 1, 1, "string is not closed")]
    [InlineData("2 + 2 /* open comment", 1, 7, "comment '/*' is not closed")]
    [InlineData("@2015-13-01", 1, 1, "is not a valid date")]
    [InlineData("1 2", 1, 3, "expected an operator or the end of the expression")]
    [InlineData("and true", 1, 1, "'and' is an operator")]
    public void Syntax_errors_report_line_column_and_what_was_expected(string expression, int line, int column, string expected)
    {
        var error = Should.Throw<FhirPathSyntaxException>(() => _compiler.Compile(expression));

        error.Position.ShouldNotBeNull();
        error.Position.Value.Line.ShouldBe(line);
        error.Position.Value.Column.ShouldBe(column);
        error.Message.ShouldContain(expected);
        error.Message.ShouldContain($"line {line}, column {column}");
    }

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("-2 * 3", "-6")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("2 // to the end of the line\n * 5", "10")]
    [InlineData("2 /* inline */ * 5", "10")]
    [InlineData("true or false and false", "true")]
    [InlineData("false implies false or true", "true")]
    [InlineData("(1 | 1 is Integer).count()", "2")]
    [InlineData("'a' & 'b' + 'c'", "abc")]
    public void Operators_follow_the_precedence_of_the_grammar(string expression, string expected) =>
        Render(expression).ShouldBe(expected);

    [Theory]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("'tab\\there'", "tab\there")]
    [InlineData("'\\u0041BC'", "ABC")]
    [InlineData("'back\\\\slash'", "back\\slash")]
    [InlineData("@2015-02-04T14:34:28.123+10:00", "2015-02-04T14:34:28.123+10:00")]
    [InlineData("@2015T", "2015")]
    [InlineData("@T14:34", "14:34")]
    [InlineData("1.50", "1.50")]
    [InlineData("4.5 'mg'", "4.5 'mg'")]
    [InlineData("3 weeks", "3 weeks")]
    [InlineData("{}", "")]
    public void Literals_keep_their_lexical_form(string expression, string expected) =>
        Render(expression).ShouldBe(expected);

    [Fact]
    public void Delimited_identifiers_may_hold_any_name()
    {
        var compiled = _compiler.Compile("`given name`.exists() or %`vs-administrative-gender` = 'http://hl7.org/fhir/ValueSet/administrative-gender'");

        compiled.Evaluate([]).Single().Item.ShouldBe(true);
    }

    [Fact]
    public void Hostile_nesting_fails_with_an_error_instead_of_exhausting_the_stack()
    {
        Should.Throw<FhirPathSyntaxException>(() => _compiler.Compile(new string('(', 100_000) + "1" + new string(')', 100_000)))
            .Message.ShouldContain("nested more than");
        Should.Throw<FhirPathSyntaxException>(() => _compiler.Compile(new string('-', 100_000) + "1"));
        Should.Throw<FhirPathSemanticException>(() => _compiler.Compile(string.Join(" + ", Enumerable.Repeat("1", 100_000))))
            .Message.ShouldContain("too deeply nested");
        Should.Throw<FhirPathSemanticException>(() => _compiler.Compile(string.Join(".", Enumerable.Repeat("a", 100_000))));
        _compiler.Compile(string.Join(" + ", Enumerable.Repeat("1", 100))).Evaluate([]).Single().Item.ShouldBe(100);
    }

    [Fact]
    public void Integer_literals_beyond_32_bits_are_rejected()
    {
        var error = Should.Throw<FhirPathSyntaxException>(() => _compiler.Compile("2147483648"));

        error.Message.ShouldContain("too large");
    }
}
