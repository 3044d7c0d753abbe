namespace ExposureWeb.Testing;

/// <summary>A new folder under the system's temporary folder, deleted with everything in it at the end.</summary>
public sealed class TempDirectory(string prefix = "exposureweb-tests-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The path of <paramref name="name"/> inside this folder (nothing is created).</summary>
    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException ex)
        {
            // A leftover temp folder is not worth failing a test over; say where it is.
            Console.Error.WriteLine($"could not remove {Path}: {ex.Message}");
        }
    }
}
