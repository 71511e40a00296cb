using System.Text;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// A read-only pass-through stream that decodes what it passes strictly as UTF-8 (so text that is
/// not UTF-8 is refused with the line where it happens, whatever reads the stream) and reports the
/// bytes read so far.
/// </summary>
internal sealed class Utf8CheckingStream(Stream inner, IProgress<long>? progress) : Stream
{
    private readonly Decoder _decoder = Utf8Text.Strict.GetDecoder();
    private readonly char[] _chars = new char[16 * 1024];
    private long _position;
    private int _line = 1;
    private bool _done;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Check(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Check(buffer.Span[..read]);
        return read;
    }

    private void Check(ReadOnlySpan<byte> bytes)
    {
        if (_done)
        {
            return;
        }
        if (_position == 0 && (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])))
        {
            throw new NotUtf8TextException(1, Utf8Text.Utf16Message);
        }
        var final = bytes.IsEmpty;
        _done = final;
        var chunk = bytes;
        try
        {
            do
            {
                _decoder.Convert(chunk, _chars, flush: final, out var used, out _, out _);
                _line += chunk[..used].Count((byte)'\n');
                chunk = chunk[used..];
            }
            while (!chunk.IsEmpty);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(ex.Index, 0, chunk.Length);
            var line = _line + chunk[..at].Count((byte)'\n');
            var lineStart = chunk[..at].LastIndexOf((byte)'\n') + 1;
            throw new NotUtf8TextException(line, at < chunk.Length
                ? $"the file is not UTF-8 text (byte 0x{chunk[at]:X2} is not valid UTF-8{(lineStart > 0 ? $" at position {at - lineStart + 1} of the line" : "")}): save it as UTF-8 and import it again."
                : "the file is not UTF-8 text (it ends inside a character): save it as UTF-8 and import it again.");
        }
        _position += bytes.Length;
        progress?.Report(_position);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
