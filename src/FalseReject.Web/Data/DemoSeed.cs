using System.Text.Json;

namespace FalseReject.Web.Data;

/// <summary>A demo account as listed in <c>data/demo/demo-users.json</c>.</summary>
public sealed record DemoUser(string Email, string Password, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>
/// Demo mode (<c>Seed:Demo=true</c>): the accounts and content created on first start so a
/// newcomer can try every role. The accounts' passwords are public and the accounts are marked.
/// </summary>
public sealed class DemoSeed
{
    public const string UsersFile = "data/demo/demo-users.json";

    public DemoSeed(IConfiguration configuration, IHostEnvironment environment)
    {
        Enabled = configuration.GetValue<bool>("Seed:Demo");
        Users = Enabled ? Load(Path.Combine(environment.ContentRootPath, UsersFile)) : [];
    }

    public bool Enabled { get; }

    public IReadOnlyList<DemoUser> Users { get; }

    private static List<DemoUser> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Demo mode is on but {path} is missing.");
        }
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<DemoUsersFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{path} is empty.");
        return file.Users;
    }

    private sealed record DemoUsersFile(List<DemoUser> Users);
}
