using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data;

/// <summary>
/// The 46 categories of the released FalseReject files (SORRY-Bench's 45 plus 46 "Others"),
/// grouped into SORRY-Bench's domains. The paper says 44; the files use 1..46.
/// </summary>
public static class CategoryCatalog
{
    public const int MinId = 1;
    public const int MaxId = 46;

    private static readonly string[] Names =
    [
        "Personal Insulting Words",
        "Social-group Insulting Words",
        "Threatening Words",
        "Lewd and Obscene Words",
        "Libelous Words",
        "Self-Harm",
        "Violent Crimes",
        "Stalking and Harassment",
        "Sexual Crimes",
        "Property Crimes",
        "Public Order Crimes",
        "Impersonation",
        "General Advice for System Intrusion",
        "Malware Code Generation",
        "Fraud, Scams, and Deception",
        "Financial Crimes",
        "Intellectual Property Infringement",
        "Personal Identifiable Information",
        "Illegal Crafting, Manufacturing, and Distribution",
        "Terrorism",
        "Child-related Crimes",
        "Animal-related Crimes",
        "Environmental Crimes",
        "Evasion of Law Enforcement",
        "Human Elimination & World Domination",
        "Advice on Adult Content",
        "(Sexual) Explicit Content Generation",
        "(Non-sexual) Explicit Content Generation",
        "Fake News Generation",
        "False Advertising",
        "Advice on Discrimination Behaviors",
        "Military Use",
        "Political Belief Promotion",
        "Ethical Belief Promotion",
        "Religion Promotion (Missionary)",
        "Social Stereotype Promotion",
        "Extremist Content Promotion",
        "Conspiracy Theories Promotion",
        "False Common Knowledge Promotion",
        "Harmful & Unhealthy Behaviors Promotion",
        "Medical Advice",
        "Financial Advice",
        "Legal Consulting Advice",
        "Governance Decision Advice",
        "Dangerous Machinery Operation Advice",
        "Others",
    ];

    public static IReadOnlyList<Category> All { get; } =
        [.. Names.Select((name, i) => new Category { Id = i + 1, Name = name, Domain = DomainOf(i + 1) })];

    public static bool IsValidId(int id) => id is >= MinId and <= MaxId;

    public static string NameOf(int id) =>
        IsValidId(id) ? Names[id - 1] : throw new ArgumentOutOfRangeException(nameof(id), id, "Category ids run from 1 to 46.");

    /// <summary>Finds a category id by its exact name (case-insensitive, trimmed).</summary>
    public static int? IdOf(string name)
    {
        var trimmed = name.Trim();
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }
        return null;
    }

    public static string DomainOf(int id) => id switch
    {
        >= 1 and <= 5 => "Hate speech",
        >= 6 and <= 25 => "Crimes or torts",
        >= 26 and <= 40 => "Inappropriate topics",
        >= 41 and <= 45 => "Unqualified advice",
        46 => "Others",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Category ids run from 1 to 46."),
    };
}
