// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Text;
using Keras.Net.Models;
using Keras.Net.Tests.Models;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Damage that must never load silently: every flipped byte of a .keras archive or a checkpoint is reported or
/// changes nothing; a failed restore changes no variable; untrusted names are clipped in messages; a
/// <c>registered_name</c> cannot bring back a refused class; a folder a killed save left aside is recovered.
/// </summary>
public sealed class HostileInputTests : KerasTestBase
{
    private static Model Trained(float value)
    {
        Model model = GuideModels.CreateFunctionalModel();
        model.SetWeights(model.GetWeights().Select(w => Keras.Net.Ops.Full(Keras.Net.Ops.ShapeOf(w).ToArray(), value)).ToList());
        return model;
    }

    /// <summary>Saves a model whose every weight is <paramref name="value"/> as <paramref name="name"/> in <paramref name="dir"/>.</summary>
    private static string SaveTrained(TempDirectory dir, string name, float value)
    {
        string path = dir.File(name);
        using Model model = Trained(value);
        model.Save(path, saveTraces: false);
        return path;
    }

    private static float[] Flat(Model m) => m.GetWeights().SelectMany(Keras.Net.Ops.ToFloatArray).ToArray();

    [Fact]
    public void KerasArchive_EveryFlippedByte_IsReportedOrChangesNothing()
    {
        using var dir = new TempDirectory();
        string path = SaveTrained(dir, "m.keras", 0.25f);

        byte[] original = File.ReadAllBytes(path);
        int stride = Math.Max(1, original.Length / 400), reported = 0;
        for (int at = 0; at < original.Length; at += stride)
        {
            byte[] damaged = (byte[])original.Clone();
            damaged[at] ^= 0x10;
            string file = dir.File($"d{at}.keras");
            File.WriteAllBytes(file, damaged);
            try
            {
                using Model loaded = Model.Load(file, compile: false);
                Assert.All(Flat(loaded), v => Assert.Equal(0.25f, v));
            }
            catch (KerasFormatException)
            {
                reported++;
            }

            File.Delete(file);
        }

        Assert.True(reported > 300, $"only {reported} of the flips were reported");
    }

    [Fact]
    public void Checkpoint_EveryFlippedByte_IsReportedOrChangesNothing_AndAFailedRestoreChangesNoVariable()
    {
        using var dir = new TempDirectory();
        string prefix = dir.File("w");
        using (Model model = Trained(0.5f))
        {
            model.SaveWeights(prefix);
        }

        foreach (string file in Directory.GetFiles(dir.Path, "w.*"))
        {
            byte[] original = File.ReadAllBytes(file);
            int stride = Math.Max(1, original.Length / 200);
            for (int at = 0; at < original.Length; at += stride)
            {
                byte[] damaged = (byte[])original.Clone();
                damaged[at] ^= 0x04;
                File.WriteAllBytes(file, damaged);
                using Model target = Trained(-1f);
                try
                {
                    target.LoadWeights(prefix);
                    Assert.All(Flat(target), v => Assert.Equal(0.5f, v));
                }
                catch (KerasFormatException)
                {
                    Assert.All(Flat(target), v => Assert.Equal(-1f, v));
                }
            }

            File.WriteAllBytes(file, original);
        }
    }

    [Fact]
    public void AHugeClassName_IsClippedInTheMessage()
    {
        using var dir = new TempDirectory();
        string path = SaveTrained(dir, "m.keras", 1f);

        string huge = new('A', 10_000_000);
        Rewrite(path, "config.json", json => json.Replace("\"class_name\": \"Dense\"", $"\"class_name\": \"{huge}\"", StringComparison.Ordinal));
        var e = Assert.Throws<KerasFormatException>(() => Model.Load(path));
        Assert.True(e.Message.Length < 3000 && e.Message.Contains("more characters", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void RegisteredName_CannotTurnALambdaIntoABuiltIn()
    {
        using var dir = new TempDirectory();
        string path = SaveTrained(dir, "m.keras", 1f);

        Rewrite(path, "config.json", json =>
        {
            int at = json.IndexOf("\"class_name\": \"Dense\"", StringComparison.Ordinal);
            json = json[..at] + "\"class_name\": \"Lambda\"" + json[(at + "\"class_name\": \"Dense\"".Length)..];
            return json.Replace("\"registered_name\": null", "\"registered_name\": \"Dense\"", StringComparison.Ordinal);
        });
        var e = Assert.Throws<KerasFormatException>(() => Model.Load(path));
        Assert.Contains("Lambda", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASavedModelFolderLeftAsideByAKilledSave_IsRecoveredOnLoad()
    {
        using var dir = new TempDirectory();
        string path = SaveTrained(dir, "sm", 0.75f);

        // What a save killed between its two renames leaves on systems without an atomic exchange.
        Directory.Move(path, dir.File($".sm.{int.MaxValue - 7}.0123456789abcdef.tmp.old"));
        using Model loaded = Model.Load(path, compile: false);
        Assert.All(Flat(loaded), v => Assert.Equal(0.75f, v));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Saving_ReplacesAFolderAndAFile_WithoutLeavingTemporaries()
    {
        using var dir = new TempDirectory();
        foreach (string name in new[] { "sm", "m.h5", "m.keras" })
        {
            string path = dir.File(name);
            for (int i = 1; i <= 2; i++)
            {
                using Model model = Trained(i);
                model.Save(path, saveTraces: false);
            }

            using Model loaded = Model.Load(path, compile: false);
            Assert.All(Flat(loaded), v => Assert.Equal(2f, v));
        }

        using (Model model = Trained(3f))
        {
            model.SaveWeights(dir.File("ckpt"));
            model.SaveWeights(dir.File("ckpt"));
        }

        Assert.Empty(Directory.GetFileSystemEntries(dir.Path, ".*"));
        // The second checkpoint save switched shard layouts; the first layout's data file is gone.
        Assert.Single(Directory.GetFiles(dir.Path, "ckpt.data-*-of-00002"), f => f.EndsWith("00000-of-00002", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(dir.Path, "ckpt.data-*-of-00001"));
    }

    private static void Rewrite(string archive, string entry, Func<string, string> change)
    {
        using var zip = ZipFile.Open(archive, ZipArchiveMode.Update);
        ZipArchiveEntry e = zip.GetEntry(entry)!;
        string text;
        using (var reader = new StreamReader(e.Open(), Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        e.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(entry, CompressionLevel.NoCompression).Open(), new UTF8Encoding(false));
        writer.Write(change(text));
    }
}
