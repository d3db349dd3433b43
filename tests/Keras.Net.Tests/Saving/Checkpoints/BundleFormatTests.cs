// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.Checkpoints;

/// <summary>The TensorBundle bytes against the facts in formats.md 0.2 and 3.2-3.5, and round trips of every dtype.</summary>
public sealed class BundleFormatTests : KerasTestBase
{
    [Fact]
    public void Crc32C_MatchesTheStandardVectorAndTensorFlowsMask()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0xC78AB0E5u, Crc32C.Mask(0xE3069283));
        Assert.Equal(0xA282EAD8u, Crc32C.Mask(0));
        Assert.Equal(0xE3069283u, Crc32C.Unmask(0xC78AB0E5));
    }

    [Fact]
    public void Separators_FollowLevelDb()
    {
        Assert.Equal("p"u8.ToArray(), SsTableWriter.ShortSuccessor(Encoding.ASCII.GetBytes("optimizer/_variables/9/.ATTRIBUTES/VARIABLE_VALUE")));
        Assert.Equal("abd"u8.ToArray(), SsTableWriter.ShortestSeparator("abcxyz"u8.ToArray(), "abfa"u8.ToArray()));
        Assert.Equal("abc"u8.ToArray(), SsTableWriter.ShortestSeparator("abc"u8.ToArray(), "abcd"u8.ToArray()));
        Assert.Equal("abx"u8.ToArray(), SsTableWriter.ShortestSeparator("abx"u8.ToArray(), "aby"u8.ToArray()));
    }

    [Fact]
    public void EntryBytes_MatchTheObservedTensorFlowEncoding()
    {
        // formats.md 3.4: dtype FLOAT, shape [100], offset 2000, size 400 -> 08 01 | 12 04 12 02 08 64 | 20 D0 0F | 28 90 03 | 35 crc
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = 100 });
        var entry = new BundleEntryProto { Dtype = DataType.DtFloat, Shape = shape, Offset = 2000, Size = 400, Crc32C = 0x3B660F9B };
        Assert.Equal(Convert.FromHexString("0801120412020864" + "20D00F" + "289003" + "359B0F663B"), entry.ToByteArray());

        // A scalar's shape is an empty message that is still written (12 00); offset 0 and shard 0 are omitted.
        var scalar = new BundleEntryProto { Dtype = DataType.DtInt64, Shape = new TensorShapeProto(), Size = 8 };
        Assert.Equal(Convert.FromHexString("08091200" + "2808"), scalar.ToByteArray());
    }

    [Fact]
    public void WrittenIndex_HasTensorFlowsHeaderMetaindexAndFooter()
    {
        using var dir = new TempDirectory();
        string prefix = dir.File("w");
        using (var writer = new BundleWriter(prefix))
        {
            using Tensor t = Ops.FromArray(new float[] { 1, 2, 3 }, [3]);
            writer.Add("x", t, DType.Float32, [3]);
            writer.Finish();
        }

        byte[] index = File.ReadAllBytes(prefix + ".index");
        Assert.Equal(Convert.FromHexString("57FB808B247547DB"), index[^8..]);
        // Header entry (key "") as TensorFlow writes it for one shard: num_shards 1, version {producer 1}.
        Assert.True(index.AsSpan().IndexOf(Convert.FromHexString("08011A020801")) >= 0);
        // The empty metaindex block and its trailer, byte for byte as observed in TensorFlow's files.
        Assert.True(index.AsSpan().IndexOf(Convert.FromHexString("0000000001000000" + "00C0F2A1B0")) >= 0);
        Assert.Equal(12, new FileInfo(BundleWriter.DataFile(prefix, 0, 1)).Length);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void EveryDtype_RoundTripsBitExactly()
    {
        using var dir = new TempDirectory();
        string prefix = dir.File("all");
        var values = new Dictionary<string, Tensor>
        {
            ["f16"] = Ops.Cast(Ops.FromArray(new float[] { 0.1f, -65504f, 6.1e-5f, float.PositiveInfinity }, [2, 2]), DType.Float16),
            ["f32"] = Ops.FromArray(new float[] { 1e-45f, float.NaN, -0f, 3.4028235e38f, 0.3f, -1.5f }, [3, 2]),
            ["f64"] = Ops.FromArray(new double[] { Math.PI, double.Epsilon, -0.0, double.MaxValue }, [4]),
            ["i32"] = Ops.Cast(Ops.FromArray(new long[] { int.MinValue, -1, 0, int.MaxValue }, [4]), DType.Int32),
            ["i64"] = Ops.FromArray(new long[] { long.MinValue, -7, 0, long.MaxValue }, [2, 2]),
            ["bool"] = Ops.Cast(Ops.FromArray(new long[] { 1, 0, 0, 1, 1 }, [5]), DType.Bool),
            ["scalar"] = Ops.FromArray(new double[] { 2.5 }, []),
        };
        byte[][] strings = [[], "a"u8.ToArray(), Enumerable.Range(0, 300).Select(i => (byte)i).ToArray(), "\u00e9t\u00e9"u8.ToArray()];
        using (var writer = new BundleWriter(prefix))
        {
            foreach (var (key, t) in values)
            {
                writer.Add(key, t, Ops.DTypeOf(t), Ops.ShapeOf(t).ToArray());
            }

            writer.AddStrings("strings", strings, [2, 2]);
            writer.Finish();
        }

        using var reader = CheckpointReader.Open(prefix);
        foreach (var (key, t) in values)
        {
            using Tensor back = reader.GetTensor(key);
            Assert.Equal(Ops.DTypeOf(t), Ops.DTypeOf(back));
            Assert.Equal(Ops.ShapeOf(t), Ops.ShapeOf(back));
            Assert.Equal(RawBytes(t), RawBytes(back));
            t.Dispose();
        }

        Assert.Equal([2L, 2], reader.GetVariableToShapeMap()["strings"]);
        Assert.Equal(strings, reader.GetStrings("strings"));
    }

    [Fact]
    public void ManyKeys_SpanSeveralDataBlocksAndAllComeBack()
    {
        using var dir = new TempDirectory();
        string prefix = dir.File("many");
        var keys = Enumerable.Range(0, 6000).Select(i => $"layer_with_weights-{i}/some/rather/long/path/to/make/blocks/fill/.ATTRIBUTES/VARIABLE_VALUE").ToList();
        using (var writer = new BundleWriter(prefix))
        {
            for (int i = 0; i < keys.Count; i++)
            {
                using Tensor t = Ops.FromArray(new float[] { i }, [1]);
                writer.Add(keys[i], t, DType.Float32, [1]);
            }

            writer.Finish();
        }

        Assert.True(new FileInfo(prefix + ".index").Length > 2 * 262144);
        using var reader = CheckpointReader.Open(prefix);
        Assert.Equal(keys.Order(StringComparer.Ordinal), reader.GetVariableToShapeMap().Keys.Order(StringComparer.Ordinal));
        using Tensor last = reader.GetTensor(keys[5999]);
        Assert.Equal(5999.0, Ops.ToScalar(last));
    }

    [Fact]
    public void CorruptData_FailsWithTheKeyAndFile()
    {
        using var dir = new TempDirectory();
        string prefix = WriteOne(dir);
        string data = BundleWriter.DataFile(prefix, 0, 1);
        byte[] bytes = File.ReadAllBytes(data);
        bytes[1] ^= 0x40;
        File.WriteAllBytes(data, bytes);

        using var reader = CheckpointReader.Open(prefix);
        var ex = Assert.Throws<KerasFormatException>(() => reader.GetTensor("x"));
        Assert.Contains("CRC32C", ex.Message, StringComparison.Ordinal);
        Assert.Equal("x", ex.Path);
        Assert.Equal(data, ex.File);
    }

    [Fact]
    public void TruncatedData_FailsBeforeReading()
    {
        using var dir = new TempDirectory();
        string prefix = WriteOne(dir);
        string data = BundleWriter.DataFile(prefix, 0, 1);
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..5]);

        using var reader = CheckpointReader.Open(prefix);
        var ex = Assert.Throws<KerasFormatException>(() => reader.GetTensor("x"));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("magic")]
    [InlineData("tiny")]
    public void CorruptIndex_FailsAtOpenNamingTheFile(string damage)
    {
        using var dir = new TempDirectory();
        string prefix = WriteOne(dir);
        string index = prefix + ".index";
        byte[] bytes = File.ReadAllBytes(index);
        bytes = damage switch
        {
            "flip" => Flip(bytes, 3),
            "truncate" => bytes[..^10],
            "magic" => Flip(bytes, bytes.Length - 1),
            _ => bytes[..20],
        };
        File.WriteAllBytes(index, bytes);

        var ex = Assert.Throws<KerasFormatException>(() => CheckpointReader.Open(prefix));
        Assert.Equal(index, ex.File);
    }

    [Fact]
    public void HostileEntry_ClaimingAHugeTensor_IsRefusedWithoutAllocating()
    {
        using var dir = new TempDirectory();
        string prefix = dir.File("hostile");
        File.WriteAllBytes(BundleWriter.DataFile(prefix, 0, 1), new byte[16]);
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = 1_000_000_000_000 });
        var entry = new BundleEntryProto { Dtype = DataType.DtFloat, Shape = shape, Size = 4_000_000_000_000 };
        using (var index = File.Create(prefix + ".index"))
        {
            var table = new SsTableWriter(index);
            table.Add([], new BundleHeaderProto { NumShards = 1 }.ToByteArray());
            table.Add("huge"u8.ToArray(), entry.ToByteArray());
            table.Finish();
        }

        using var reader = CheckpointReader.Open(prefix);
        var ex = Assert.Throws<KerasFormatException>(() => reader.GetTensor("huge"));
        Assert.Contains("past the end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedWrite_LeavesThePreviousCheckpointReadable()
    {
        using var dir = new TempDirectory();
        string prefix = WriteOne(dir);
        using (var writer = new BundleWriter(prefix))
        {
            using Tensor t = Ops.FromArray(new float[] { 9 }, [1]);
            writer.Add("y", t, DType.Float32, [1]);

            // Disposed without Finish: as if the process failed mid-save.
        }

        using var reader = CheckpointReader.Open(prefix);
        using Tensor x = reader.GetTensor("x");
        Assert.Equal([1f, 2f], Ops.ToFloatArray(x));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    private static string WriteOne(TempDirectory dir)
    {
        string prefix = dir.File("one");
        using var writer = new BundleWriter(prefix);
        using Tensor t = Ops.FromArray(new float[] { 1, 2 }, [2]);
        writer.Add("x", t, DType.Float32, [2]);
        writer.Finish();
        return prefix;
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0xFF;
        return bytes;
    }

    private static byte[] RawBytes(Tensor t)
    {
        byte[]? result = null;
        Ops.WithMemory(t, b => result = b.ToArray());
        return result!;
    }
}
