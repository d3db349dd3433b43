// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Saving.KerasV3;

/// <summary>A read-only, seekable view of <c>[offset, offset + length)</c> of a file: a stored zip entry read in place.</summary>
internal sealed class WindowStream(FileStream file, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

    public override int Read(Span<byte> buffer)
    {
        long left = length - _position;
        if (left <= 0)
        {
            return 0;
        }

        Span<byte> target = buffer[..(int)Math.Min(buffer.Length, left)];
        int n = RandomAccess.Read(file.SafeFileHandle, target, offset + _position);
        _position += n;
        return n;
    }

    public override long Seek(long offset1, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset1,
        SeekOrigin.Current => _position + offset1,
        _ => length + offset1,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
