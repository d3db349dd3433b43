// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Protos;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>fingerprint.pb: TensorFlow's FarmHash fingerprints, checked against files TensorFlow 2.15 wrote.</summary>
public sealed class SavedModelFingerprintTests : KerasTestBase
{
    [Fact]
    public void Fingerprint64_MatchesFarmHashReferenceValues()
    {
        // TensorFlow's own frozen values (tsl/platform/fingerprint_test.cc).
        Assert.Equal(15404698994557526151UL, FarmHash.Fingerprint64("Hello"u8));
        Assert.Equal(18308117990299812472UL, FarmHash.Fingerprint64("World"u8));

        // The other length classes (1-3, 4-7, 8-16, 17-32, 33-64, looped) give distinct values.
        var lengths = new[] { 1, 3, 4, 7, 8, 16, 17, 32, 33, 64, 65, 128, 200 };
        var hashes = lengths.Select(n => FarmHash.Fingerprint64(Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray())).ToList();
        Assert.Equal(lengths.Length, hashes.Distinct().Count());
    }

    [FixtureFact]
    public void RealTf215Fingerprint_IsReproduced_ForTheCheckpointAndObjectGraphHashes()
    {
        string folder = Fixtures.PathOf("wild-sm/folders/040_tejeshvarsk_tensorflow-tutorial_saved");
        FingerprintDef written = FingerprintDef.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "fingerprint.pb")));
        byte[] pb = File.ReadAllBytes(Path.Combine(folder, "saved_model.pb"));
        var saved = Keras.Net.Protos.SavedModel.Parser.ParseFrom(pb);

        // The fields whose algorithm is stable across releases are reproduced exactly (formats.md 4.6).
        Assert.Equal(written.CheckpointHash, FarmHash.Fingerprint64(File.ReadAllBytes(Path.Combine(folder, "variables", "variables.index"))));
        Assert.Equal(written.SavedObjectGraphHash, SavedModelFingerprint.ObjectGraphHash(saved.MetaGraphs[0].ObjectGraphDef));
        Assert.Equal(1, written.Version.Producer);
    }

    [Fact]
    public void SavedFolder_HasAFingerprintOfItsOwnFiles()
    {
        var inputs = new Input([3]);
        var model = new Model(inputs, new Dense(2).Apply(inputs));
        using var dir = new TempDirectory();
        string folder = dir.File("m");
        model.Save(folder);

        FingerprintDef fingerprint = FingerprintDef.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "fingerprint.pb")));
        Assert.Equal(FarmHash.Fingerprint64(File.ReadAllBytes(Path.Combine(folder, "saved_model.pb"))), fingerprint.SavedModelChecksum);
        Assert.Equal(FarmHash.Fingerprint64(File.ReadAllBytes(Path.Combine(folder, "variables", "variables.index"))), fingerprint.CheckpointHash);
        Assert.NotEqual(0UL, fingerprint.GraphDefProgramHash);
        Assert.NotEqual(0UL, fingerprint.SignatureDefHash);
        Assert.Equal(1, fingerprint.Version.Producer);
    }
}
