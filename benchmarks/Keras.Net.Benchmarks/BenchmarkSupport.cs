// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using Keras.Net;
using Keras.Net.Layers;
using Keras.Net.Models;

/// <summary>What the save/load benchmarks share: the ~100M-parameter model, the plain-file baseline, timing and peak memory.</summary>
internal static class BenchmarkSupport
{
    internal const int Width = 4096;

    /// <summary>A Sequential of <paramref name="layers"/> Dense(4096) on a 4096-wide input.</summary>
    internal static Sequential DenseStack(int layers) =>
        new(Enumerable.Range(0, layers).Select(_ => (Layer)new Dense(Width)).Prepend(new Input([Width])).ToList());

    /// <summary>The model's weights as one byte array, for the plain-file baseline.</summary>
    internal static byte[] RawBytes(Model model) => model.Weights.SelectMany(w => w.ToArray()).SelectMany(BitConverter.GetBytes).ToArray();

    internal static void PlainWrite(string path, byte[] raw)
    {
        using var f = new FileStream(path, FileMode.Create);
        f.Write(raw);
        f.Flush(true);
    }

    internal static void PlainRead(string path, int length)
    {
        using var f = new FileStream(path, FileMode.Open);
        var buffer = new byte[length];
        f.ReadExactly(buffer);
    }

    /// <summary>Seconds taken, starting from a collected heap (as BenchmarkDotNet does between iterations).</summary>
    internal static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Peak working set above the baseline while <paramref name="action"/> runs, sampled every 2 ms (untimed: the sampler costs CPU).</summary>
    internal static long PeakAbove(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = Process.GetCurrentProcess().WorkingSet64;
        long maxSeen = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxSeen = Math.Max(maxSeen, Process.GetCurrentProcess().WorkingSet64);
                Thread.Sleep(2);
            }
        });
        action();
        stop.Cancel();
        sampler.Wait();
        return maxSeen - baseline;
    }

    internal static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>One table row: median time, throughput and the ratio to the plain baseline.</summary>
    internal static void Row(string operation, List<double> times, List<double> baseline, long bytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{operation} | {Median(times):F2} s | {bytes / 1e6 / Median(times):F0} MB/s | {Median(baseline) / Median(times):F2}x"));
}
