using ExposureWeb.Components.Rendering;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Web.Tests.Rendering;

/// <summary>At most four renders a second: a burst renders once at once and once more, with the newest, when the interval is over.</summary>
public sealed class RenderPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private static Task Run(Action work)
    {
        work();
        return Task.CompletedTask;
    }

    [Fact]
    public void Request_TenUpdatesWithinTheInterval_OneRenderNowAndOneWhenItIsOver()
    {
        var renders = 0;
        using var pacer = new RenderPacer(_time, Run, () => renders++);

        for (int i = 0; i < 10; i++)
        {
            pacer.Request();
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.Equal(1, renders);

        _time.Advance(RenderPacer.MinInterval);

        Assert.Equal(2, renders);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, renders);
    }

    [Fact]
    public void Request_UpdatesAFullIntervalApart_EachRendersAtOnce()
    {
        var renders = 0;
        using var pacer = new RenderPacer(_time, Run, () => renders++);

        for (int i = 0; i < 4; i++)
        {
            pacer.Request();
            Assert.Equal(i + 1, renders);
            _time.Advance(RenderPacer.MinInterval);
        }
    }

    [Fact]
    public void ShouldRender_SecondChangeWithinTheInterval_RefusedThenAskedAgainWhenItIsOver()
    {
        var asked = 0;
        using var pacer = new RenderPacer(_time, Run, () => asked++);

        Assert.True(pacer.ShouldRender());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(pacer.ShouldRender());
        Assert.False(pacer.ShouldRender());
        Assert.Equal(0, asked);

        _time.Advance(TimeSpan.FromMilliseconds(150));

        Assert.Equal(1, asked);
        Assert.True(pacer.ShouldRender());
    }

    [Fact]
    public void Dispose_RenderDeferred_NeverRuns()
    {
        var renders = 0;
        var pacer = new RenderPacer(_time, Run, () => renders++);
        pacer.Request();
        pacer.Request();

        pacer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, renders);
    }
}
