namespace FalseReject.Web.Data.Entities;

/// <summary>An LLM whose responses are evaluated in benchmark runs.</summary>
public class Model
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Who makes or serves the model (e.g. a lab or vendor); optional.</summary>
    public string? Provider { get; set; }

    /// <summary>True for open-weights models, false for closed (API-only) ones.</summary>
    public bool OpenWeights { get; set; }

    /// <summary>True for reasoning models (those that think before answering).</summary>
    public bool Reasoning { get; set; }

    /// <summary>Parameter count in billions, when known.</summary>
    public double? ParametersBillions { get; set; }

    public DateOnly? ReleaseDate { get; set; }

    /// <summary>True for the made-up models of demo mode, whose runs are synthetic.</summary>
    public bool IsSyntheticDemo { get; set; }

    public List<Run> Runs { get; set; } = [];
}
