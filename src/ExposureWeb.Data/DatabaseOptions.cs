using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Data;

/// <summary>The <c>Database</c> section of appsettings.json.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite file; a relative path is taken from the app's content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/exposureweb.db";
}
