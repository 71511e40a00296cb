using FalseReject.Web;

namespace FalseReject.Benchmarks;

/// <summary>What the drivers share: <c>--name value</c> arguments and finding the real FalseReject-Test split beside the repository.</summary>
internal static class DriverArgs
{
    public static string? FindSharedDataset()
    {
        for (var dir = new DirectoryInfo(ContentRoot.Find()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "falsereject_test.jsonl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public static string? StringArg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
