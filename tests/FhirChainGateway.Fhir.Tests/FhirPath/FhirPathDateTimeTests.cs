using FhirChainGateway.Fhir.FhirPath;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

public sealed class FhirPathDateTimeTests
{
    private readonly FhirPathCompiler _compiler = new();

    private IReadOnlyList<FhirPathValue> Evaluate(string expression, TimeProvider? clock = null) =>
        _compiler.Compile(expression).Evaluate([], clock is null ? null : new EvaluationContext(clock));

    private string Render(string expression, TimeProvider? clock = null) =>
        string.Join(", ", Evaluate(expression, clock).Select(v => v.ToString()));

    [Fact]
    public void Now_and_today_read_the_injected_clock()
    {
        var clock = new UtcClock(new DateTimeOffset(2030, 6, 15, 10, 20, 30, 400, TimeSpan.Zero));

        Render("today()", clock).ShouldBe("2030-06-15");
        Render("now()", clock).ShouldBe("2030-06-15T10:20:30.400Z");
        Render("timeOfDay()", clock).ShouldBe("10:20:30.400");

        clock.Advance(TimeSpan.FromDays(1));
        Render("today()", clock).ShouldBe("2030-06-16");
    }

    [Fact]
    public void Now_is_the_same_instant_throughout_one_evaluation()
    {
        var clock = new SteppingTimeProvider();
        var compiled = _compiler.Compile("now() = now() and now() = now()");

        compiled.Evaluate([], new EvaluationContext(clock)).Single().Item.ShouldBe(true);
        clock.Reads.ShouldBe(1);
    }

    [Theory]
    [InlineData("@2012-01-31 + 1 month", "2012-02-29")]
    [InlineData("@2013-01-31 + 1 month", "2013-02-28")]
    [InlineData("@2016-02-29 + 1 year", "2017-02-28")]
    [InlineData("@2014-03-10 - 2 weeks", "2014-02-24")]
    [InlineData("@2014 + 24 months", "2016")]
    [InlineData("@2014-06 + 40 days", "2014-07")]
    [InlineData("@2019-12-31T23:59:59.999+02:00 + 1 'ms'", "2020-01-01T00:00:00.000+02:00")]
    [InlineData("@2019-03-10T10:00 + 90 minutes", "2019-03-10T11:30")]
    [InlineData("@T23:30 + 1 hour", "00:30")]
    [InlineData("@2019-03-10 + 36 'h'", "2019-03-11")]
    public void Date_arithmetic_uses_calendar_durations_at_the_value_precision(string expression, string expected) =>
        Render(expression).ShouldBe(expected);

    [Theory]
    [InlineData("@2012 < @2013-05", true)]
    [InlineData("@2012-05 < @2012-05-04", null)]
    [InlineData("@2012-05-04T10:00 = @2012-05-04T10:00:00", null)]
    [InlineData("@2012-05-04T10:00:00 = @2012-05-04T10:00:00.000", true)]
    [InlineData("@2012-05-04T10:00:00+02:00 = @2012-05-04T08:00:00Z", true)]
    [InlineData("@2012-05-04T10:00:00+02:00 = @2012-05-04T08:00:00", null)]
    [InlineData("@2012-05-04T10:00:00+02:00 = @2012-06-04T08:00:00", false)]
    [InlineData("@2012-05-04T10:00:00Z < @2012-05-06T10:00:00", true)]
    [InlineData("@2012-05-04T10:00:00Z < @2012-05-04T11:00:00", null)]
    [InlineData("@2012-05-04 ~ @2012-05-04T00:00:00", false)]
    [InlineData("@2012-05-04 = @T10:00", false)]
    public void Comparisons_respect_precision_and_timezones(string expression, bool? expected)
    {
        var result = Evaluate(expression);

        (result.Count == 0 ? (bool?)null : (bool)result[0].Item).ShouldBe(expected);
    }

    [Theory]
    [InlineData("@2014.lowBoundary(8)", "2014-01-01")]
    [InlineData("@2014-02.highBoundary(8)", "2014-02-28")]
    [InlineData("@2014-01-01T08:05.highBoundary(17)", "2014-01-01T08:05:59.999-12:00")]
    [InlineData("@T10:30.lowBoundary(9)", "10:30:00.000")]
    [InlineData("@2014-01-01T08:05:30.123+05:00.precision()", "17")]
    [InlineData("@2014-01-05.dayOf()", "5")]
    [InlineData("@2014-01.dayOf()", "")]
    public void Boundaries_precision_and_components(string expression, string expected) =>
        Render(expression).ShouldBe(expected);

    [Fact]
    public void Adding_a_non_calendar_unit_to_a_date_is_an_error()
    {
        Should.Throw<FhirPathEvaluationException>(() => Evaluate("@2014-01-01 + 1 'mo'")).Message.ShouldContain("'mo'");
        Should.Throw<FhirPathEvaluationException>(() => Evaluate("@T10:00 + 1 day"));
    }

    /// <summary>A manual clock whose local time zone is UTC, so now() renders the same on every machine.</summary>
    private sealed class UtcClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>A clock that moves a second on every read, to show how often it is read.</summary>
    private sealed class SteppingTimeProvider : TimeProvider
    {
        private DateTimeOffset _now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            _now = _now.AddSeconds(1);
            return _now;
        }
    }
}
