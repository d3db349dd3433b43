// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Binary;
using System.Text;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Tests.TestSupport;
using PureHDF;

namespace Keras.Net.Tests.Saving;

public sealed class Lookup3Tests : KerasTestBase
{
    [Theory]
    [InlineData("", 0u, 0xdeadbeefu)]
    [InlineData("Four score and seven years ago", 0u, 0x17770551u)]
    [InlineData("Four score and seven years ago", 1u, 0xcd628161u)]
    public void HashLittle_MatchesTheReferenceDriverValues(string text, uint initval, uint expected)
    {
        // The values printed by the driver in Bob Jenkins' lookup3.c.
        Assert.Equal(expected, Lookup3.HashLittle(Encoding.ASCII.GetBytes(text), initval));
    }

    [Fact]
    public void HashLittle_ReproducesTheChecksumPureHdfStoresInAnObjectHeader()
    {
        using var dir = new TempDirectory();
        string path = dir.File("plain.h5");
        var file = new H5File { ["x"] = new H5Dataset(new float[] { 1, 2, 3 }) };
        file.Write(path);
        byte[] bytes = File.ReadAllBytes(path);

        int start = bytes.AsSpan().IndexOf("OHDR"u8);
        byte flags = bytes[start + 5];
        int at = start + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        Assert.Equal(3, flags & 3); // PureHDF: 8-byte chunk size
        int size = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
        int end = at + 8 + size;

        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end)), Lookup3.HashLittle(bytes.AsSpan(start, end - start)));
    }

    [Fact]
    public void PatchedFile_StillReadsBackThroughPureHdf()
    {
        using var dir = new TempDirectory();
        var model = new Sequential([new Input([3]), new Dense(2, name: "dense")]);
        model.Compile(optimizer: "adam", loss: "mse");
        string path = dir.File("m.h5");
        model.Save(path);

        using var file = H5File.OpenRead(path);
        Assert.Equal(Model.KerasVersion, file.Attribute("keras_version").Read<string>());
        Assert.Equal(["dense"], file.Group("model_weights").Attribute("layer_names").Read<string[]>());
    }
}
