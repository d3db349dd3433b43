// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using Keras.Net.Models;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// Saves killed with SIGKILL (at every rename of the first saves and at random moments) and saves that run out of
/// disk leave the previous model loadable or the new one complete, never a mix, and the next save leaves no
/// temporary files behind (docs/errors.md, "Saving").
/// </summary>
public sealed class SaveInterruptionTests
{
    public static TheoryData<string, string> Formats => new()
    {
        { "h5", "model.h5" },
        { "keras", "model.keras" },
        { "tf", "model" },
        { "ckpt", "ckpt/weights" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void KilledSaves_LeaveAWholeModel_AndTheNextSaveCleansUp(string format, string name)
    {
        string dir = Temp();
        try
        {
            string path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var rng = new Random(format.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
            int kills = 0;

            // Every rename of the first two saves (a save renames 1-3 times), then random moments.
            for (int rename = 1; rename <= 8; rename++, kills++)
            {
                var (saved, _) = RunChild(format, path, rename, killAfter: null);
                CheckWhole(format, path, saved);
            }

            for (int i = 0; i < 44; i++, kills++)
            {
                var (saved, _) = RunChild(format, path, 0, killAfter: TimeSpan.FromMilliseconds(rng.Next(0, 400)));
                CheckWhole(format, path, saved);
            }

            Assert.True(kills >= 50);

            // The next save in a live process sweeps what the killed ones left.
            using (Model model = BaseFiles.Build())
            {
                model.Predict(Ops.Zeros([1, BaseFiles.Features])).Dispose();
                SaveLoop.Fill(model, 99);
                SaveLoop.Save(model, format, path);
            }

            Assert.Equal(99f, SaveLoop.Check(format, path));
            Assert.Empty(Temporaries(Path.GetDirectoryName(path)!));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void SavesThatRunOutOfSpace_FailWithIOException_AndKeepThePreviousModel(string format, string name)
    {
        string dir = Temp();
        try
        {
            string path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (Model model = BaseFiles.Build())
            {
                model.Predict(Ops.Zeros([1, BaseFiles.Features])).Dispose();
                SaveLoop.Fill(model, 5);
                SaveLoop.Save(model, format, path);
            }

            // ulimit -f caps the size of any file the child writes (in KiB): writes past it fail with EFBIG, as on a full disk.
            foreach (int kib in new[] { 1, 2, 4, 8 })
            {
                string script = $"trap '' XFSZ; export DOTNET_EnableWriteXorExecute=0; ulimit -f {kib}; exec \"{FuzzDriver.Host}\" exec \"{FuzzDriver.Assembly}\" save {format} \"{path}\" -1";
                var (code, stdout) = Run("/bin/sh", ["-c", script], TimeSpan.FromMinutes(2));
                float now = SaveLoop.Check(format, path);
                if (code == 0)
                {
                    Assert.Equal(6f, now);
                    continue;
                }

                Assert.Contains("FAILED System.IO.IOException", stdout, StringComparison.Ordinal);
                Assert.Equal(5f, now);
                Assert.Empty(Temporaries(Path.GetDirectoryName(path)!));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Temp()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-kill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string[] Temporaries(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, ".*tmp*", SearchOption.AllDirectories).ToArray();

    /// <summary>What a kill left must be the last finished save or the one in progress, whole.</summary>
    private static void CheckWhole(string format, string path, int saved)
    {
        bool exists = format == "ckpt" ? File.Exists(path + ".index") : File.Exists(path) || Directory.Exists(path);
        if (saved == 0 && !exists)
        {
            return;
        }

        float value = SaveLoop.Check(format, path);
        Assert.True(value >= Math.Max(1, saved) && value <= saved + 1, $"{path} holds save {value} after save {saved} finished");
    }

    /// <summary>Runs the save loop; kills it after <paramref name="killAfter"/> once a first save finished (or lets the rename hook kill it).</summary>
    private static (int Saved, string Output) RunChild(string format, string path, int killAtRename, TimeSpan? killAfter)
    {
        using var child = new Process
        {
            StartInfo = new ProcessStartInfo(FuzzDriver.Host)
            {
                ArgumentList = { "exec", FuzzDriver.Assembly, "save", format, path, killAtRename.ToString(CultureInfo.InvariantCulture) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        int saved = 0;
        var firstSave = new ManualResetEventSlim();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("SAVED ", StringComparison.Ordinal) == true)
            {
                saved = int.Parse(e.Data[6..], CultureInfo.InvariantCulture);
                firstSave.Set();
            }
        };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        if (killAfter is { } delay)
        {
            firstSave.Wait(TimeSpan.FromMinutes(2));
            Thread.Sleep(delay);
            child.Kill();
        }

        if (!child.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            child.Kill();
            throw new TimeoutException("The save loop neither died at its rename nor finished.");
        }

        child.WaitForExit();
        return (Volatile.Read(ref saved), string.Empty);
    }

    private static (int Code, string Output) Run(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill();
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
