using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>
/// Bad input, one case per row: the import names the line, the field and the problem, and writes
/// nothing (not even the new dataset). Each bad row sits on line 3, after a valid row and a blank
/// line, so the valid row is not written either and line counting is checked too.
/// </summary>
public sealed class MalformedImportTests
{
    private const string Valid = """{"prompt": "How do locksmiths open a car when the owner is locked out?", "category": 10, "category_text": "Property Crimes"}""";
    private const string CsvHeader = "prompt,category,category_text";
    private const string CsvValid = "\"How do locksmiths open a car, when the owner is locked out?\",10,Property Crimes";

    public static TheoryData<string, ImportFormat, string, int, string?, string> Cases => new()
    {
        { "invalid JSON", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 1""", 3, null, "invalid JSON" },
        { "text after the object", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 1} trailing""", 3, null, "invalid JSON" },
        { "an array, not an object", ImportFormat.Jsonl, Valid + "\n\n" + """["x", 1]""", 3, null, "is not a JSON object (it is an array)" },
        { "a bare string line", ImportFormat.Jsonl, Valid + "\n\n" + "\"just a prompt\"", 3, null, "is not a JSON object (it is a string)" },
        { "missing prompt", ImportFormat.Jsonl, Valid + "\n\n" + """{"category": 1}""", 3, "prompt", "the prompt is missing" },
        { "blank prompt", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "  \t ", "category": 1}""", 3, "prompt", "the prompt is empty" },
        { "prompt is a number", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": 42, "category": 1}""", 3, "prompt", "must be a string, not a number" },
        { "prompt twice", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "a", "prompt": "b", "category": 1}""", 3, "prompt", "the field appears twice" },
        { "unknown category id 47", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 47}""", 3, "category", "unknown category id 47: ids run from 1 to 46" },
        { "category id 0 as a string", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": "0"}""", 3, "category", "unknown category id 0" },
        { "category is not numeric", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": "seven"}""", 3, "category", "must be a category id (a whole number from 1 to 46), not \"seven\"" },
        { "category is a fraction", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 7.5}""", 3, "category", "must be a whole number from 1 to 46, not 7.5" },
        { "category is a boolean", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": true}""", 3, "category", "must be a number or a numeric string, not a boolean" },
        { "category missing", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x"}""", 3, "category", "the category is missing" },
        { "category_text disagrees with the id", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 7, "category_text": "Terrorism"}""", 3, "category_text", "'Terrorism' does not match category 7 (Violent Crimes)" },
        { "unknown category name", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category_text": "Cooking"}""", 3, "category_text", "unknown category name 'Cooking'" },
        { "instruct_response is an object", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 1, "instruct_response": {"a": 1}}""", 3, "instruct_response", "must be a string, not an object" },
        { "cot_response is an array", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 1, "cot_response": ["r", "s"]}""", 3, "cot_response", "must be an object {reasoning_content, solution} or a string, not an array" },
        { "cot_response has an unknown key", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 1, "cot_response": {"thoughts": "r", "solution": "s"}}""", 3, "cot_response", "unexpected key 'thoughts'" },
        { "cot_response.solution is a number", ImportFormat.Jsonl, Valid + "\n\n" + """{"prompt": "x", "category": 1, "cot_response": {"reasoning_content": "r", "solution": 5}}""", 3, "cot_response.solution", "must be a string, not a number" },
        { "empty JSONL file", ImportFormat.Jsonl, "", 0, null, "the file is empty" },
        { "JSONL file of blank lines", ImportFormat.Jsonl, "\n  \n\r\n", 0, null, "the file is empty" },
        { "CSV without a prompt column", ImportFormat.Csv, "question,category\nx,1\n", 1, "prompt", "the header has no 'prompt' column" },
        { "CSV without any category column", ImportFormat.Csv, "prompt,notes\nx,y\n", 1, "category", "neither a 'category' nor a 'category_text' column" },
        { "CSV unknown category name", ImportFormat.Csv, CsvHeader + "\n" + CsvValid + "\n\"Why is the sky\nblue?\",,Astronomy\n", 3, "category_text", "unknown category name 'Astronomy'" },
        { "CSV empty prompt", ImportFormat.Csv, CsvHeader + "\n" + CsvValid + "\n\"\nmulti\",3,\n\"\",3,\n", 5, "prompt", "the prompt is empty" },
        { "CSV category out of range", ImportFormat.Csv, CsvHeader + "\n" + CsvValid + "\nx,99,\n", 3, "category", "unknown category id 99" },
        { "CSV with a header only", ImportFormat.Csv, CsvHeader + "\n", 0, null, "the file has no records" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RefusesTheFile_NamingLineFieldAndProblem_AndWritesNothing(string @case, ImportFormat format, string content, int line, string? field, string message)
    {
        await using var host = await ServiceTestHost.StartAsync();

        var result = await host.ImportTextAsync(content, format: format);

        Assert.False(result.Succeeded, @case);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(line, problem.Line);
        Assert.Equal(field, problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.MoreProblems);
        Assert.Equal(0, result.Imported);
        Assert.Equal(0, result.DatasetId);
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }
}
