namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>A webhook connection refused at connect time because the host resolved to an address the guard forbids.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
