using MudBlazor;
using FalseReject.Web.Security;

namespace FalseReject.Web.Components.Layout;

/// <summary>A top-level area of the app: its link, icon and the policy that admits its users.</summary>
public sealed record NavArea(string Title, string Href, string Icon, string Policy);

public static class NavAreas
{
    public static IReadOnlyList<NavArea> All { get; } =
    [
        new("Datasets", "datasets", Icons.Material.Filled.Dataset, Policies.Research),
        new("Annotate", "annotate", Icons.Material.Filled.Label, Policies.Annotate),
        new("Review", "review", Icons.Material.Filled.Gavel, Policies.Review),
        new("Agreement", "agreement", Icons.Material.Filled.Handshake, Policies.Research),
        new("Leaderboard", "leaderboard", Icons.Material.Filled.Leaderboard, Policies.Research),
        new("Runs", "runs", Icons.Material.Filled.PlaylistPlay, Policies.Research),
        new("Admin", "admin/users", Icons.Material.Filled.AdminPanelSettings, Policies.Administer),
        new("Annotation setup", "admin/annotation", Icons.Material.Filled.Tune, Policies.Administer),
        new("Model endpoints", "admin/endpoints", Icons.Material.Filled.Hub, Policies.Administer),
    ];
}
