using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Risk.Tests.Alerts;

public sealed class AlertMuteTimingRulesTests
{
    // Monday 7 December 2026, 12:00 UTC = 13:00 in Zurich (CET, UTC+1).
    private static readonly DateTimeOffset MondayNoonUtc = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static AlertMuteTimingDefinition Timing(string zone, params AlertMuteInterval[] intervals) => new() { Name = "Quiet", TimeZone = zone, Intervals = intervals };

    [Fact]
    public void MutedUntil_InsideWindow_EndOfWindowInUtc()
    {
        var office = Timing("Europe/Zurich", new AlertMuteInterval([DayOfWeek.Monday], "09:00", "17:00"));

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero), AlertMuteTimingRules.MutedUntil([office], MondayNoonUtc));
    }

    [Theory]
    [InlineData("Europe/Zurich", "14:00", "17:00")] // 13:00 local: before the window
    [InlineData("Europe/Zurich", "09:00", "13:00")] // the end is exclusive
    [InlineData("UTC", "13:00", "17:00")]
    public void MutedUntil_OutsideWindow_Null(string zone, string start, string end) =>
        Assert.Null(AlertMuteTimingRules.MutedUntil([Timing(zone, new AlertMuteInterval([DayOfWeek.Monday], start, end))], MondayNoonUtc));

    [Fact]
    public void MutedUntil_OtherWeekday_Null() =>
        Assert.Null(AlertMuteTimingRules.MutedUntil([Timing("UTC", new AlertMuteInterval([DayOfWeek.Tuesday], "00:00", "24:00"))], MondayNoonUtc));

    [Fact]
    public void MutedUntil_NoWeekdays_EveryDay() =>
        Assert.Equal(MondayNoonUtc.Date.AddHours(13), AlertMuteTimingRules.MutedUntil([Timing("UTC", new AlertMuteInterval([], "11:00", "13:00"))], MondayNoonUtc)!.Value.UtcDateTime);

    [Fact]
    public void MutedUntil_AdjacentWindowsAcrossDaysAndTimings_FollowedToTheLastEnd()
    {
        var night = Timing("UTC", new AlertMuteInterval([DayOfWeek.Monday], "10:00", "24:00"));
        var early = Timing("UTC", new AlertMuteInterval([DayOfWeek.Tuesday], "00:00", "06:00"), new AlertMuteInterval([DayOfWeek.Tuesday], "05:00", "08:30"));

        Assert.Equal(new DateTimeOffset(2026, 12, 8, 8, 30, 0, TimeSpan.Zero), AlertMuteTimingRules.MutedUntil([night, early], MondayNoonUtc));
    }

    [Fact]
    public void MutedUntil_WindowOverDstChange_EndsAtTheLocalEnd()
    {
        // New York springs forward on Sunday 8 March 2026 at 02:00 (EST → EDT): 03:00 EDT is 07:00 UTC, not 08:00.
        var night = Timing("America/New_York", new AlertMuteInterval([DayOfWeek.Sunday], "00:00", "03:00"));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), AlertMuteTimingRules.MutedUntil([night], new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Validate_Valid_NoErrors() =>
        Assert.Empty(AlertMuteTimingRules.Validate(Timing("Europe/Zurich", new AlertMuteInterval([DayOfWeek.Saturday, DayOfWeek.Sunday], "00:00", "24:00"))));

    [Theory]
    [InlineData("Mars/Olympus", "09:00", "17:00", "timeZone")]
    [InlineData("UTC", "17:00", "09:00", "intervals[0].end")]
    [InlineData("UTC", "09:00", "09:00", "intervals[0].end")]
    [InlineData("UTC", "9am", "17:00", "intervals[0].start")]
    [InlineData("UTC", "09:00", "24:30", "intervals[0].end")]
    [InlineData("UTC", "24:00", "24:00", "intervals[0].start")]
    public void Validate_BadZoneOrTime_ErrorOnThatField(string zone, string start, string end, string field) =>
        Assert.Equal(field, Assert.Single(AlertMuteTimingRules.Validate(Timing(zone, new AlertMuteInterval([], start, end)))).Field);

    [Fact]
    public void Validate_NoWindowsNoName_ErrorsOnBoth()
    {
        var errors = AlertMuteTimingRules.Validate(new AlertMuteTimingDefinition { Name = " ", TimeZone = "UTC", Intervals = [] });

        Assert.Equal([AlertMuteTimingField.Name, AlertMuteTimingField.Intervals], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(240, 30, true)]
    [InlineData(4, 0, false)]
    [InlineData(240, -1, false)]
    [InlineData(240, 3601, false)]
    public void PolicyValidate_Bounds(int repeat, int groupWait, bool valid) =>
        Assert.Equal(valid, AlertNotificationPolicyRules.Validate(new AlertNotificationPolicy { RepeatIntervalMinutes = repeat, GroupWaitSeconds = groupWait }).Count == 0);

    [Fact]
    public void PolicyValidate_UnknownGroupByLabel_Error() =>
        Assert.Equal(AlertNotificationPolicyRules.GroupByField, Assert.Single(AlertNotificationPolicyRules.Validate(new AlertNotificationPolicy { GroupBy = ["team"] })).Field);
}
