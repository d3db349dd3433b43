// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using Keras.Net.Backend;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// The child side: runs cases one after another, announcing each before it starts (so the parent knows which case a
/// death, hang or memory blow-up belongs to) and reporting time, peak memory and managed allocations after.
/// </summary>
internal static class ChildRunner
{
    /// <summary>Messages longer than this echo untrusted text; the contract truncates it.</summary>
    internal const int MaxMessageLength = 2048;

    internal static int Run(string baseRoot, string workRoot, int from, int to)
    {
        TorchSharp.torch.set_num_threads(1);
        BaseFiles.Ensure(baseRoot);
        IReadOnlyList<FuzzCase> cases = FuzzCatalog.All(baseRoot);
        Warm(baseRoot);
        for (int id = from; id < to && id < cases.Count; id++)
        {
            Console.Out.WriteLine($"{FuzzOutcome.Prefix}BEGIN\t{id}");
            Console.Out.Flush();
            string dir = Path.Combine(workRoot, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            FuzzOutcome outcome;
            try
            {
                FuzzTarget target = cases[id].Build(dir);
                outcome = Measure(id, target);
                string what = Path.Combine(dir, ".what");
                if (outcome.Status != "refused" && File.Exists(what))
                {
                    outcome = outcome with { Detail = $"[{File.ReadAllText(what)}] {outcome.Detail}" };
                }
            }
            finally
            {
                TryDelete(dir);
                TryDelete(Path.Combine(workRoot, "outside-sm"));
            }

            Console.Out.WriteLine(outcome.ToLine());
            Console.Out.Flush();
        }

        return 0;
    }

    private static FuzzOutcome Measure(int id, FuzzTarget target)
    {
        GC.Collect();
        long rssBefore = ProcStatus("VmRSS");
        ResetPeak();
        long allocBefore = GC.GetTotalAllocatedBytes(precise: false);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        string status, detail = string.Empty;
        try
        {
            Execute(target);
            status = target.MustRefuse ? "outside" : "ok";
            detail = target.MustRefuse ? "loaded a file that must be refused" : string.Empty;
        }
        catch (Exception e)
        {
            (status, detail) = Classify(e);
        }

        watch.Stop();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        long peak = Math.Max(0, ProcStatus("VmHWM") - rssBefore) >> 20;
        long allocated = (GC.GetTotalAllocatedBytes(precise: false) - allocBefore) >> 20;

        // A hang is 2 s of work (CPU time, one libtorch thread), so a CI machine busy with other test processes
        // does not turn a 0.5 s refusal into one; waiting without working is caught at 10 s of wall time.
        if (cpu > 2000 || watch.ElapsedMilliseconds > 10_000)
        {
            status = "hang";
            detail = $"took {watch.ElapsedMilliseconds} ms ({cpu:F0} ms of CPU); " + detail;
        }
        else if (peak > 1024 || allocated > 1024)
        {
            status = "memory";
            detail = $"peak RSS +{peak} MiB, {allocated} MiB allocated; " + detail;
        }

        return new FuzzOutcome(id, status, watch.ElapsedMilliseconds, peak, allocated, detail);
    }

    /// <summary>The contract for files: <see cref="KerasFormatException"/> only, with a bounded message free of C++ frames.</summary>
    internal static (string Status, string Detail) Classify(Exception e)
    {
        string detail = $"{e.GetType().Name}: {e.Message}";
        if (e is not KerasFormatException)
        {
            return ("escaped", detail + " @ " + (e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? string.Empty));
        }

        if (e.Message.Length > MaxMessageLength || e.Message.Contains("Exception raised from", StringComparison.Ordinal) || e.Message.Contains("frame #", StringComparison.Ordinal))
        {
            return ("message", $"message of {e.Message.Length} chars: " + detail);
        }

        return ("refused", detail);
    }

    private static void Execute(FuzzTarget target)
    {
        using TensorScope scope = Ops.NewScope();
        switch (target.Operation)
        {
            case FuzzOperation.LoadModel:
            {
                using Model model = Model.Load(target.Path);
                var inputs = model.Inputs.Select(i => Zeros(i.Shape.Select(d => d ?? 2).ToArray())).ToList();
                if (inputs.Count > 0 && inputs.All(t => t is not null))
                {
                    model.Predict(inputs!);
                }

                break;
            }

            case FuzzOperation.LoadWeights:
            {
                using Model model = BaseFiles.Build();
                model.LoadWeights(target.Path);
                model.Predict(Zeros(2, BaseFiles.Features)!);
                break;
            }

            default:
            {
                using SavedModel loaded = SavedModel.Load(target.Path);
                foreach (SavedModelSignature signature in loaded.Signatures.Values)
                {
                    var feeds = new Dictionary<string, Tensor>();
                    foreach (TensorSpec spec in signature.Inputs)
                    {
                        if (!spec.DType.Equals(DType.String) && Zeros((spec.Shape ?? [2]).Select(d => d is null or < 0 ? 2 : d.Value).ToArray()) is { } z)
                        {
                            feeds[spec.Name] = z;
                        }
                    }

                    if (feeds.Count == signature.Inputs.Count)
                    {
                        signature.Call(feeds);
                    }
                }

                break;
            }
        }
    }

    /// <summary>Zeros of a shape, or null when it is not a small shape (the file chose it).</summary>
    private static Tensor? Zeros(params long[] shape) =>
        shape.All(d => d is > 0 and <= 4096) && shape.Aggregate(1L, (a, b) => a * b) <= 1 << 20 ? Ops.Zeros(shape) : null;

    private static void Warm(string baseRoot)
    {
        foreach (FuzzTarget t in new[]
        {
            new FuzzTarget(FuzzOperation.LoadModel, BaseFiles.H5Model(baseRoot)),
            new FuzzTarget(FuzzOperation.LoadModel, BaseFiles.Keras(baseRoot)),
            new FuzzTarget(FuzzOperation.LoadModel, BaseFiles.SavedModelDir(baseRoot)),
            new FuzzTarget(FuzzOperation.ServeSavedModel, BaseFiles.SavedModelDir(baseRoot)),
            new FuzzTarget(FuzzOperation.LoadWeights, BaseFiles.Checkpoint(baseRoot)),
            new FuzzTarget(FuzzOperation.LoadWeights, BaseFiles.H5Weights(baseRoot)),
        })
        {
            Execute(t);
        }
    }

    /// <summary>A field of /proc/self/status in bytes (0 where there is no /proc).</summary>
    private static long ProcStatus(string field)
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Resets VmHWM to the current RSS (Linux 4.0+), so the next reading is this case's peak.</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without it the peak is the process's; still an upper bound.
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A case's leftovers do not matter to the next one (each has its own folder).
        }
    }
}
