using ExposureWeb.Engine.Stress;

namespace ExposureWeb.Hubs;

public partial interface IExposureClient
{
    /// <summary>A stress run of a subscribed portfolio changed state or progressed (at most every progress interval while it runs).</summary>
    Task StressRunChanged(StressRunProgress progress);
}
