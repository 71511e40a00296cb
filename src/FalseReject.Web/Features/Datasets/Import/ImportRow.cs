using System.Security.Cryptography;
using System.Text;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>One valid row of an import file, ready to be written as a query.</summary>
internal sealed record ImportRow(
    int Line,
    string Prompt,
    int CategoryId,
    string? InstructResponse,
    string? CotReasoning,
    string? CotSolution,
    string? MetadataJson)
{
    public bool HasResponses => InstructResponse is not null || CotReasoning is not null || CotSolution is not null;
}

/// <summary>
/// The identity of a prompt within a dataset: SHA-256 (lower-case hex) of the UTF-8 of its
/// <see cref="PromptKey"/> form, so prompts that differ only by normalisation, white space or
/// zero-width characters (and case, when <c>ignoreCase</c>) have one hash. <see cref="Query.PromptHash"/>
/// holds the case-kept hash.
/// </summary>
public static class PromptHash
{
    public static string Compute(string prompt, bool ignoreCase = false)
    {
        var key = PromptKey.Of(prompt, ignoreCase).AsSpan();
        var byteCount = Encoding.UTF8.GetByteCount(key);
        var rented = byteCount <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[byteCount];
            var written = Encoding.UTF8.GetBytes(key, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>The first <see cref="DatasetImportService.MaxProblems"/> problems of an import, and how many there were in all.</summary>
internal sealed class ProblemLog
{
    private readonly List<ImportProblem> _first = [];
    private int _total;

    /// <summary>How many problems there were. Added to by the reading thread, read by the writing one.</summary>
    public int Total => Volatile.Read(ref _total);

    public IReadOnlyList<ImportProblem> First => _first;

    public int More => Total - _first.Count;

    public void Add(int line, string? field, string message)
    {
        Interlocked.Increment(ref _total);
        if (_first.Count < DatasetImportService.MaxProblems)
        {
            _first.Add(new ImportProblem(line, field, message));
        }
    }
}

/// <summary>Thrown by the readers when a line is not UTF-8: the import stops there.</summary>
internal sealed class NotUtf8TextException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
