// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using Google.Protobuf;
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Callbacks;

/// <summary>
/// The TensorBoard callback's event files, read back independently of the writer: TFRecord framing (length, masked
/// CRC32C of the length, data, masked CRC32C of the data) and the <c>Event</c>/<c>Summary</c> protos decoded by field number.
/// </summary>
public sealed class TensorBoardTests : KerasTestBase
{
    [Fact]
    public void EventFiles_HoldTheEpochLosses_BatchScalars_Histograms_AndTheModelConfig()
    {
        var inputs = new Input([3]);
        var model = new Model(inputs, new Dense(1, name: "out").Apply(inputs));
        model.Compile(optimizer: "sgd", loss: "mse", metrics: ["mae"]);
        using Tensor x = Ops.RandomNormal([40, 3], seed: 1);
        using Tensor y = Ops.RandomNormal([40, 1], seed: 2);
        using var dir = new TempDirectory();
        string logs = dir.File("logs");

        var history = model.Fit(x, y, batchSize: 10, epochs: 3, verbose: 0, validationSplit: 0.25,
            callbacks: [new TensorBoard(logs, histogramFreq: 1, updateFreq: "batch")]);

        var train = ReadEvents(Path.Combine(logs, "train"));
        var validation = ReadEvents(Path.Combine(logs, "validation"));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal((float)history["loss"][epoch], train.Single(e => e.Tag == "epoch_loss" && e.Step == epoch).Value);
            Assert.Equal((float)history["mae"][epoch], train.Single(e => e.Tag == "epoch_mae" && e.Step == epoch).Value);
            Assert.Equal((float)history["val_loss"][epoch], validation.Single(e => e.Tag == "epoch_loss" && e.Step == epoch).Value);
        }

        // 30 training samples in batches of 10: 3 batches an epoch, steps 1..9.
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), train.Where(e => e.Tag == "batch_loss").Select(e => e.Step).Order());
        Assert.Equal(3, train.Count(e => e.Tag == "out/kernel_0" && e.Kind == "histo"));
        Assert.Contains(train, e => e.Tag.StartsWith("keras", StringComparison.Ordinal) && e.Kind == "tensor");
    }

    [Theory]
    [InlineData("weekly")]
    [InlineData(0)]
    public void UpdateFreq_KerasDoesNotAccept_IsRefused(object updateFreq) =>
        Assert.Throws<ArgumentException>(() => new TensorBoard(updateFreq: updateFreq));

    private sealed record Entry(string Tag, long Step, float Value, string Kind);

    /// <summary>Every summary value of the one event file in <paramref name="folder"/>, checking each record's CRCs.</summary>
    private static List<Entry> ReadEvents(string folder)
    {
        string file = Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*"));
        byte[] bytes = File.ReadAllBytes(file);
        var entries = new List<Entry>();
        for (int at = 0; at < bytes.Length;)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            Assert.Equal(Crc32C.Extend(0, bytes.AsSpan(at, 8)), Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8))));
            ReadOnlySpan<byte> data = bytes.AsSpan(at + 12, (int)length);
            Assert.Equal(Crc32C.Extend(0, data), Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length))));
            entries.AddRange(Event(data.ToArray()));
            at += 12 + (int)length + 4;
        }

        return entries;
    }

    /// <summary>Event: 2 step, 5 summary; Summary: 1 value; Value: 1 tag, 2 simple_value, 5 histo, 8 tensor.</summary>
    private static IEnumerable<Entry> Event(byte[] data)
    {
        long step = 0;
        var values = new List<byte[]>();
        var input = new CodedInputStream(data);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2:
                    step = input.ReadInt64();
                    break;
                case 5:
                    var summary = new CodedInputStream(input.ReadBytes().ToByteArray());
                    for (uint t; (t = summary.ReadTag()) != 0;)
                    {
                        if (WireFormat.GetTagFieldNumber(t) == 1)
                        {
                            values.Add(summary.ReadBytes().ToByteArray());
                        }
                        else
                        {
                            summary.SkipLastField();
                        }
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (byte[] value in values)
        {
            string name = string.Empty, kind = string.Empty;
            float simple = float.NaN;
            var v = new CodedInputStream(value);
            for (uint t; (t = v.ReadTag()) != 0;)
            {
                switch (WireFormat.GetTagFieldNumber(t))
                {
                    case 1:
                        name = v.ReadString();
                        break;
                    case 2:
                        simple = v.ReadFloat();
                        kind = "scalar";
                        break;
                    case 5:
                        kind = "histo";
                        v.SkipLastField();
                        break;
                    case 8:
                        kind = kind.Length == 0 ? "tensor" : kind;
                        v.SkipLastField();
                        break;
                    default:
                        v.SkipLastField();
                        break;
                }
            }

            yield return new Entry(name, step, simple, kind);
        }
    }
}
