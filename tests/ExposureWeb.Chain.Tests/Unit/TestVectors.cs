using System.Text.Json;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>Loads the JSON vectors copied next to the test assembly.</summary>
internal static class TestVectors
{
    public static JsonElement Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", fileName);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
