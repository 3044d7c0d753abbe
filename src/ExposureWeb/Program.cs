using ExposureWeb.Api;
using ExposureWeb.Auth;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.DevChain;
using ExposureWeb.Engine;
using ExposureWeb.Hosting;
using ExposureWeb.Jobs;
using ExposureWeb.Sharing;

// The app's own folder is the content root: that is where appsettings.json is copied, for
// `dotnet run`, `dotnet publish` and the Docker image alike.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = DevChainCommandLine.Expand(args), ContentRootPath = AppContext.BaseDirectory });

builder.UseLoopbackByDefault();
builder.AddExposureData();
builder.AddExposureChains();
builder.AddExposureDevChain();
builder.AddExposureEngine();
builder.AddExposureAuth();
builder.AddExposureProxy();
builder.AddExposureWeb();
builder.AddExposureApi();
builder.AddGovernanceApi();
builder.AddStressApi();
builder.AddExposureSharing();
builder.AddExposureJobs();
builder.AddExposureReadiness();

var app = builder.Build();

app.UseExposureProxy();
app.UseExposureWeb();
app.MapExposureApi();
app.MapManualPositionsApi();
app.MapAlertsApi();
app.MapAlertSettingsApi();
app.MapGovernanceApi();
app.MapStrategiesApi();
app.MapStressApi();
app.MapWorkspacesApi();
app.MapDashboardsApi();
app.MapExposureSharing();
app.MapSnapshotsApi();
app.MapExposureHealth();
app.MapExposureJobsDashboard();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
