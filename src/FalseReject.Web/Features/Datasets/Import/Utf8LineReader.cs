using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// Reads a stream line by line as UTF-8 bytes, in a pooled buffer that grows only to the longest
/// line: memory does not depend on the file's size. Lines end at LF (a preceding CR is dropped); a
/// leading UTF-8 byte order mark is skipped; each line is checked to be strict UTF-8.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, IProgress<long>? progress) : IDisposable
{
    public const int MaxLineBytes = 256 * 1024 * 1024;
    private const int InitialBufferBytes = 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;

    public long BytesRead { get; private set; }

    /// <summary>The 1-based number of the line in <see cref="Current"/>.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The current line's bytes, without its line break. Valid until the next read.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                SetCurrent(_start, lineEnd);
                _start = _scanned = lineEnd + 1;
                return true;
            }
            _scanned = _end;
            if (_eof)
            {
                if (_start < _end)
                {
                    SetCurrent(_start, _end);
                    _start = _scanned = _end;
                    return true;
                }
                Current = ReadOnlyMemory<byte>.Empty;
                return false;
            }
            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new InvalidDataException($"Line {LineNumber + 1} is longer than {MaxLineBytes / (1024 * 1024)} MB.");
            }
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _eof = true;
            return;
        }
        _end += read;
        BytesRead += read;
        progress?.Report(BytesRead);
    }

    private void SetCurrent(int start, int end)
    {
        LineNumber++;
        if (end > start && _buffer[end - 1] == (byte)'\r')
        {
            end--;
        }
        var line = _buffer.AsSpan(start, end - start);
        if (LineNumber == 1)
        {
            if (line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                start += 3;
                line = line[3..];
            }
            else if (line.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || line.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                throw new NotUtf8TextException(1, Utf8Text.Utf16Message);
            }
        }
        if (!Utf8.IsValid(line))
        {
            throw new NotUtf8TextException(LineNumber, Utf8Text.InvalidMessage(line, Utf8Text.FirstInvalidByte(line)));
        }
        Current = _buffer.AsMemory(start, line.Length);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

/// <summary>Strict UTF-8 decoding and the messages for text that is not UTF-8.</summary>
internal static class Utf8Text
{
    /// <summary>Throws on invalid bytes instead of replacing them.</summary>
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public const string Utf16Message =
        "the file is UTF-16 text, not UTF-8: save it as UTF-8 and import it again.";

    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        try
        {
            Strict.GetCharCount(bytes);
            return -1;
        }
        catch (DecoderFallbackException ex)
        {
            return Math.Max(0, ex.Index);
        }
    }

    public static string InvalidMessage(ReadOnlySpan<byte> bytes, int index) =>
        index >= 0 && index < bytes.Length
            ? $"the file is not UTF-8 text (byte 0x{bytes[index]:X2} at position {index + 1} of the line is not valid UTF-8): save it as UTF-8 and import it again."
            : "the file is not UTF-8 text: save it as UTF-8 and import it again.";
}
