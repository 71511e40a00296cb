using Microsoft.AspNetCore.Components;
using NetArchTest.Rules;
using FalseReject.Web.Data;

namespace FalseReject.Web.Tests.Architecture;

/// <summary>
/// The dependency directions the house style pins: Statistics depends on nothing else in the app,
/// components never see a DbContext, Data knows no feature, and features use each other only along
/// <see cref="AllowedFeatureUses"/>.
/// </summary>
public sealed class DependencyDirectionTests
{
    private const string App = "FalseReject.Web";
    private const string Features = App + ".Features";

    /// <summary>Which features each feature may use. Anything else is a new edge: add it here on purpose, or do not add it.</summary>
    private static readonly Dictionary<string, string[]> AllowedFeatureUses = new()
    {
        ["Admin"] = [],
        ["Agreement"] = ["Annotation"],    // agreement is computed over annotation votes
        ["Review"] = ["Annotation"],       // review adjudicates annotation items
        ["Leaderboard"] = [],               // reads runs through the store only: Runs -> Leaderboard is one-way, no loop
        ["Runs"] = ["Datasets", "Leaderboard"], // Datasets: the one dataset listing and the demo dataset's name; Leaderboard: its aggregation of a run's verdicts
        ["Annotation"] = [],
        ["Datasets"] = ["Annotation"],     // the full export hides open items' votes from who may annotate them (VoteVisibility)
        ["Endpoints"] = [],                 // the wire knows no judge: Judging -> Endpoints is one-way
        ["Judging"] = ["Endpoints"],       // judges call models through the endpoints' wire
    };

    private static readonly System.Reflection.Assembly Web = typeof(AppDbContext).Assembly;

    [Fact]
    public void Statistics_DependsOnNothingElseInTheApp()
    {
        var others = Web.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith(App + ".", StringComparison.Ordinal) && !n.StartsWith(App + ".Statistics", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(3))).Distinct().ToArray();
        Assert.NotEmpty(others);

        AssertHolds(Types.InAssembly(Web).That().ResideInNamespace(App + ".Statistics").ShouldNot().HaveDependencyOnAny(others));
    }

    [Fact]
    public void Components_NeverSeeADbContext() =>
        AssertHolds(Types.InAssembly(Web).That().Inherit(typeof(ComponentBase))
            .ShouldNot().HaveDependencyOnAny(typeof(AppDbContext).FullName!, "Microsoft.EntityFrameworkCore.IDbContextFactory"));

    [Fact]
    public void Data_KnowsNoFeature() =>
        AssertHolds(Types.InAssembly(Web).That().ResideInNamespace(App + ".Data").ShouldNot().HaveDependencyOn(Features));

    [Fact]
    public void EveryFeature_IsInTheAllowedList()
    {
        var features = Web.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith(Features + ".", StringComparison.Ordinal))
            .Select(n => n.Split('.')[3]).Distinct().Order().ToArray();
        Assert.Equal(AllowedFeatureUses.Keys.Order().ToArray(), features);
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void AFeature_UsesOtherFeatures_OnlyAlongTheAllowedList(string feature)
    {
        var forbidden = AllowedFeatureUses.Keys.Where(f => f != feature && !AllowedFeatureUses[feature].Contains(f))
            .Select(f => $"{Features}.{f}").ToArray();
        if (forbidden.Length == 0)
        {
            return;
        }
        AssertHolds(Types.InAssembly(Web).That().ResideInNamespace($"{Features}.{feature}").ShouldNot().HaveDependencyOnAny(forbidden));
    }

    public static TheoryData<string> FeatureNames() => [.. AllowedFeatureUses.Keys];

    private static void AssertHolds(ConditionList rule)
    {
        var result = rule.GetResult();
        Assert.True(result.IsSuccessful, "Breaks the rule: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
