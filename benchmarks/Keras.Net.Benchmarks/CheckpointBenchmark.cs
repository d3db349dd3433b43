// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using Keras.Net;
using Keras.Net.Layers;
using Keras.Net.Models;

/// <summary>
/// TensorFlow checkpoint save (<c>SaveWeights</c> without a suffix) and restore (<c>LoadWeights</c>) of a ~100M-parameter
/// model against a plain FileStream write and read of the same bytes, in the same run, plus the peak memory
/// above the baseline while restoring.
/// </summary>
internal static class CheckpointBenchmark
{
    internal static void Run(int layers)
    {
        const int Width = 4096;
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-ckptbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var list = new List<Layer> { new Input([Width]) };
            for (int i = 0; i < layers; i++)
            {
                list.Add(new Dense(Width));
            }

            var model = new Sequential(list);
            var target = new Sequential(Enumerable.Range(0, layers).Select(_ => (Layer)new Dense(Width)).Prepend(new Input([Width])).ToList());
            long bytes = model.CountParams() * 4;
            byte[] raw = model.Weights.SelectMany(w => w.ToArray()).SelectMany(BitConverter.GetBytes).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model: {layers} x Dense({Width}), {model.CountParams():N0} parameters, {bytes / 1e6:F0} MB"));

            string prefix = Path.Combine(dir, "ckpt"), plain = Path.Combine(dir, "plain.bin");
            var save = new List<double>();
            var write = new List<double>();
            var load = new List<double>();
            var read = new List<double>();
            long peak = 0;
            for (int round = 0; round < 5; round++)
            {
                write.Add(Hdf5Benchmark.Time(() => { using var f = new FileStream(plain, FileMode.Create); f.Write(raw); f.Flush(true); }));
                save.Add(Hdf5Benchmark.Time(() => model.SaveWeights(prefix)));
                read.Add(Hdf5Benchmark.Time(() => { using var f = new FileStream(plain, FileMode.Open); var buffer = new byte[raw.Length]; f.ReadExactly(buffer); }));
                load.Add(Hdf5Benchmark.Time(() => target.LoadWeights(prefix).AssertConsumed()));

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
                target.LoadWeights(prefix);
                stop.Cancel();
                sampler.Wait();
                peak = Math.Max(peak, maxSeen - baseline);
            }

            Console.WriteLine("operation | median time | throughput | vs plain FileStream");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain write | {Hdf5Benchmark.Median(write):F2} s | {bytes / 1e6 / Hdf5Benchmark.Median(write):F0} MB/s | 1.00x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SaveWeights (TF checkpoint) | {Hdf5Benchmark.Median(save):F2} s | {bytes / 1e6 / Hdf5Benchmark.Median(save):F0} MB/s | {Hdf5Benchmark.Median(write) / Hdf5Benchmark.Median(save):F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain read | {Hdf5Benchmark.Median(read):F2} s | {bytes / 1e6 / Hdf5Benchmark.Median(read):F0} MB/s | 1.00x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LoadWeights (TF checkpoint, object-graph restore) | {Hdf5Benchmark.Median(load):F2} s | {bytes / 1e6 / Hdf5Benchmark.Median(load):F0} MB/s | {Hdf5Benchmark.Median(read) / Hdf5Benchmark.Median(load):F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set above baseline during LoadWeights: {peak / 1e6:F0} MB = {(double)peak / bytes:F2}x the model's bytes"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
