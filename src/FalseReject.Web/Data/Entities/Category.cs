namespace FalseReject.Web.Data.Entities;

/// <summary>One of the 46 FalseReject / SORRY-Bench categories (ids 1..46).</summary>
public class Category
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The SORRY-Bench domain the category belongs to.</summary>
    public required string Domain { get; set; }
}
