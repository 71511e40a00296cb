using System.Buffers;
using System.Text.Unicode;

namespace FalseReject.Web.Api;

/// <summary>
/// Checks that an uploaded file is UTF-8 text before a reader that would quietly replace bad bytes
/// (or honour a UTF-16 byte order mark) sees it; the problem names the line and the byte.
/// Streams in 64 KB blocks, so any line length costs the same small buffer.
/// </summary>
internal static class Utf8FileCheck
{
    public const string Utf16Message = "the file is UTF-16 text, not UTF-8: save it as UTF-8 and import it again.";

    /// <summary>Null when the stream is UTF-8 throughout; else the 1-based line and the message.</summary>
    public static async Task<(int Line, string Message)?> FindProblemAsync(Stream stream, CancellationToken cancellationToken)
    {
        const int BlockSize = 64 * 1024;
        var data = ArrayPool<byte>.Shared.Rent(BlockSize + 4);
        var chars = ArrayPool<char>.Shared.Rent(BlockSize + 4);
        try
        {
            var line = 1;
            long column = 0;
            var carry = 0;
            var first = true;
            while (true)
            {
                var read = await stream.ReadAsync(data.AsMemory(carry, BlockSize), cancellationToken);
                var final = read == 0;
                var length = carry + read;
                if (first && length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
                {
                    return (1, Utf16Message);
                }
                first = false;
                var status = Utf8.ToUtf16(data.AsSpan(0, length), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                for (var i = 0; i < consumed; i++)
                {
                    if (data[i] == (byte)'\n')
                    {
                        line++;
                        column = 0;
                    }
                    else
                    {
                        column++;
                    }
                }
                if (status == System.Buffers.OperationStatus.InvalidData)
                {
                    return (line, $"the file is not UTF-8 text (byte 0x{data[consumed]:X2} at position {column + 1} of the line is not valid UTF-8): save it as UTF-8 and import it again.");
                }
                if (final)
                {
                    return null;
                }
                carry = length - consumed;
                data.AsSpan(consumed, carry).CopyTo(data);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
