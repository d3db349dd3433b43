// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using Keras.Net;
using Keras.Net.Layers;
using Keras.Net.Models;

/// <summary>
/// HDF5 save and load of a ~100M-parameter model against a plain FileStream write and read of the same
/// bytes, in the same run, plus the peak memory above the baseline while loading.
/// </summary>
internal static class Hdf5Benchmark
{
    internal static void Run(int layers)
    {
        const int Width = 4096;
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-h5bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var list = new List<Layer> { new Input([Width]) };
            for (int i = 0; i < layers; i++)
            {
                list.Add(new Dense(Width));
            }

            var model = new Sequential(list);
            long parameters = model.CountParams();
            long bytes = parameters * 4;
            byte[] raw = model.Weights.SelectMany(w => w.ToArray()).SelectMany(BitConverter.GetBytes).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model: {layers} x Dense({Width}), {parameters:N0} parameters, {bytes / 1e6:F0} MB"));

            string h5 = Path.Combine(dir, "model.h5"), plain = Path.Combine(dir, "plain.bin");
            var save = new List<double>();
            var write = new List<double>();
            var load = new List<double>();
            var read = new List<double>();
            var loadWeights = new List<double>();
            long peak = 0;
            for (int round = 0; round < 5; round++)
            {
                write.Add(Time(() => { using var f = new FileStream(plain, FileMode.Create); f.Write(raw); f.Flush(true); }));
                save.Add(Time(() => model.Save(h5)));
                read.Add(Time(() => { using var f = new FileStream(plain, FileMode.Open); var buffer = new byte[raw.Length]; f.ReadExactly(buffer); }));
                Model? loaded = null;
                load.Add(Time(() => loaded = Model.Load(h5)));
                loaded!.Dispose();

                // Peak memory is sampled in a separate load: the sampler costs CPU and must not skew the timing.
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
                        long ws = Process.GetCurrentProcess().WorkingSet64;
                        maxSeen = Math.Max(maxSeen, ws);
                        Thread.Sleep(2);
                    }
                });
                loaded = Model.Load(h5);
                stop.Cancel();
                sampler.Wait();
                peak = Math.Max(peak, maxSeen - baseline);
                loadWeights.Add(Time(() => loaded!.LoadWeights(h5)));
                loaded!.Dispose();
            }

            double Mb(List<double> t) => bytes / 1e6 / Median(t);
            Console.WriteLine("operation | median time | throughput | vs plain FileStream");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain write | {Median(write):F2} s | {Mb(write):F0} MB/s | 1.00x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model.Save (.h5) | {Median(save):F2} s | {Mb(save):F0} MB/s | {Median(write) / Median(save):F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain read | {Median(read):F2} s | {Mb(read):F0} MB/s | 1.00x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model.Load (.h5, builds and initializes the model too) | {Median(load):F2} s | {Mb(load):F0} MB/s | {Median(read) / Median(load):F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LoadWeights (.h5, into an existing model) | {Median(loadWeights):F2} s | {Mb(loadWeights):F0} MB/s | {Median(read) / Median(loadWeights):F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set above baseline during Model.Load: {peak / 1e6:F0} MB = {(double)peak / bytes:F2}x the model's bytes"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static double Time(Action action)
    {
        // Every timed operation starts from a collected heap, as BenchmarkDotNet does between iterations.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    internal static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
