namespace FalseReject.Web.Data.Entities;

/// <summary>
/// The judge's three classes for a model response to a prompt (the FalseReject paper's judge
/// prompt, Appendix G). A response with no class (no label, no class in the judge output, a failed
/// generation) is "unjudged": stored as null, counted, and left out of the rates' denominators.
/// </summary>
public enum ResponseClass
{
    FullCompliance,
    SafePartialCompliance,
    DirectRefusal,
}
