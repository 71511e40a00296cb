using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation.Components;

/// <summary>
/// The answer being written for one item, an annotator's vote or a reviewer's gold decision: a
/// label for a query, or the five questions and the helpfulness of each response the query
/// carries (with the response the keys act on); and the comment or note. A view makes one per
/// item and hands it to <see cref="RubricEditor"/>, which edits it; a re-render keeps it.
/// </summary>
public sealed class RubricDraft
{
    private readonly Dictionary<ResponseKind, ResponseDraft> _responses = [];

    private RubricDraft(AnnotationTaskType task) => Task = task;

    public AnnotationTaskType Task { get; }

    public bool IsReview => Task == AnnotationTaskType.ResponseReview;

    public QueryLabel? Label { get; private set; }

    /// <summary>The responses answered for, instruct first.</summary>
    public IReadOnlyCollection<ResponseKind> Responses => _responses.Keys;

    /// <summary>The response the keys act on.</summary>
    public ResponseKind Active { get; private set; }

    /// <summary>The comment or note as typed.</summary>
    public string Text { get; set; } = "";

    /// <summary>What the answer lacked when it was last submitted; any change to the answer clears it.</summary>
    public string? Problem { get; set; }

    /// <summary>A draft starting from an earlier answer (null: empty), for the responses the item carries.</summary>
    public static RubricDraft For(AnnotationTaskType task, ResponsesView? responses, QueryLabel? label, ResponseRubric? rubric, string? text)
    {
        var draft = new RubricDraft(task) { Label = label, Text = text ?? "" };
        if (draft.IsReview && responses is not null)
        {
            if (responses.HasInstruct)
            {
                draft._responses[ResponseKind.Instruct] = ResponseDraft.From(rubric?.Instruct);
            }
            if (responses.HasCot)
            {
                draft._responses[ResponseKind.Cot] = ResponseDraft.From(rubric?.Cot);
            }
        }
        draft.Active = draft._responses.Keys.FirstOrDefault();
        return draft;
    }

    public bool? Answer(ResponseKind kind, int question) => _responses[kind].Answers[question];

    public int? Helpfulness(ResponseKind kind) => _responses[kind].Helpfulness;

    public void SetLabel(QueryLabel label)
    {
        Label = label;
        Problem = null;
    }

    public void SetAnswer(ResponseKind kind, int question, bool answer)
    {
        Active = kind;
        _responses[kind].Answers[question] = answer;
        Problem = null;
    }

    public void SetHelpfulness(ResponseKind kind, int value)
    {
        Active = kind;
        _responses[kind].Helpfulness = Math.Clamp(value, ResponseAssessment.MinHelpfulness, ResponseAssessment.MaxHelpfulness);
        Problem = null;
    }

    /// <summary>Answers a question of the active response Yes, or No when it is Yes already.</summary>
    public void ToggleAnswer(int question)
    {
        if (_responses.ContainsKey(Active))
        {
            SetAnswer(Active, question, Answer(Active, question) != true);
        }
    }

    /// <summary>Moves the active response's helpfulness by <paramref name="step"/> within 1–5 (unrated starts at 1).</summary>
    public void StepHelpfulness(int step)
    {
        if (_responses.ContainsKey(Active))
        {
            SetHelpfulness(Active, Helpfulness(Active) is { } value ? value + step : ResponseAssessment.MinHelpfulness);
        }
    }

    /// <summary>Makes the next response the active one.</summary>
    public void NextResponse()
    {
        var kinds = _responses.Keys.ToList();
        if (kinds.Count > 0)
        {
            Active = kinds[(kinds.IndexOf(Active) + 1) % kinds.Count];
        }
    }

    /// <summary>
    /// The answer, or null when a part is missing: then <see cref="Problem"/> says which (for the
    /// label, <paramref name="missingLabel"/>), and a response missing an answer becomes the active one.
    /// </summary>
    public RubricAnswer? Complete(string missingLabel)
    {
        var text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim();
        if (!IsReview)
        {
            Problem = Label is null ? missingLabel : null;
            return Label is null ? null : new RubricAnswer(Label, null, text);
        }
        Problem = null;
        foreach (var (kind, response) in _responses)
        {
            var name = kind == ResponseKind.Instruct ? "Instruct response" : "CoT response";
            var missing = Array.FindIndex(response.Answers, a => a is null);
            Problem = missing >= 0 ? $"{name}: answer question {missing + 1} ({ResponseAssessment.Questions[missing]})."
                : response.Helpfulness is null ? $"{name}: rate its helpfulness (1–5)."
                : null;
            if (Problem is not null)
            {
                Active = kind;
                return null;
            }
        }
        var rubric = new ResponseRubric(
            _responses.TryGetValue(ResponseKind.Instruct, out var instruct) ? instruct.ToAssessment() : null,
            _responses.TryGetValue(ResponseKind.Cot, out var cot) ? cot.ToAssessment() : null);
        return new RubricAnswer(null, rubric, text);
    }

    private sealed class ResponseDraft
    {
        public bool?[] Answers { get; } = new bool?[ResponseAssessment.Questions.Count];

        public int? Helpfulness { get; set; }

        public static ResponseDraft From(ResponseAssessment? assessment)
        {
            var draft = new ResponseDraft();
            if (assessment is not null)
            {
                for (var q = 0; q < draft.Answers.Length; q++)
                {
                    draft.Answers[q] = assessment.Answer(q);
                }
                draft.Helpfulness = assessment.Helpfulness;
            }
            return draft;
        }

        public ResponseAssessment ToAssessment() =>
            new(Answers[0]!.Value, Answers[1]!.Value, Answers[2]!.Value, Answers[3]!.Value, Answers[4]!.Value, Helpfulness!.Value);
    }
}

/// <summary>A complete answer: the label of a query or the rubric of a response review, and the trimmed comment or note (null when blank).</summary>
public sealed record RubricAnswer(QueryLabel? Label, ResponseRubric? Rubric, string? Text);
