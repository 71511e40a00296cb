namespace FalseReject.Web;

/// <summary>
/// Finds the content root: the repository root (the folder holding <c>FalseReject.sln</c>) when
/// running from a checkout, so the root <c>appsettings.json</c>, <c>wwwroot/</c> and <c>data/</c>
/// are the ones in effect; the folder of the binaries for a published app.
/// </summary>
public static class ContentRoot
{
    public const string Marker = "FalseReject.sln";

    /// <summary>
    /// Walks up from the binaries (not the working directory, so the answer does not depend on
    /// where the app is started from): a build inside a checkout finds the checkout.
    /// </summary>
    public static string Find() => FindFrom(AppContext.BaseDirectory) ?? AppContext.BaseDirectory;

    public static string? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
