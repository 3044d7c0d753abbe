using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Data;

/// <summary>
/// Carries <see cref="Accounts.DemoWorkspaceOptions.Visible"/> into every (pooled) context, so the access queries that
/// take only a context (the static role checks of the stores) read it from there.
/// </summary>
internal sealed class DemoWorkspaceOptionsExtension(bool visible) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public bool Visible => visible;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        // A flag read by queries, not a service: contexts with either value share EF's internal service provider.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}
