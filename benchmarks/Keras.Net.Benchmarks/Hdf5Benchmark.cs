// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net.Models;
using static BenchmarkSupport;

/// <summary>
/// HDF5 save and load of a ~100M-parameter model against a plain FileStream write and read of the same
/// bytes, in the same run, plus the peak memory above the baseline while loading.
/// </summary>
internal static class Hdf5Benchmark
{
    internal static void Run(int layers)
    {
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-h5bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Sequential model = DenseStack(layers);
            long bytes = model.CountParams() * 4;
            byte[] raw = RawBytes(model);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model: {layers} x Dense({Width}), {model.CountParams():N0} parameters, {bytes / 1e6:F0} MB"));

            string h5 = Path.Combine(dir, "model.h5"), plain = Path.Combine(dir, "plain.bin");
            List<double> save = [], write = [], load = [], read = [], loadWeights = [];
            long peak = 0;
            for (int round = 0; round < 5; round++)
            {
                write.Add(Time(() => PlainWrite(plain, raw)));
                save.Add(Time(() => model.Save(h5)));
                read.Add(Time(() => PlainRead(plain, raw.Length)));
                Model? loaded = null;
                load.Add(Time(() => loaded = Model.Load(h5)));
                loaded!.Dispose();
                peak = Math.Max(peak, PeakAbove(() => loaded = Model.Load(h5)));
                loadWeights.Add(Time(() => loaded!.LoadWeights(h5)));
                loaded!.Dispose();
            }

            Console.WriteLine("operation | median time | throughput | vs plain FileStream");
            Row("plain write", write, write, bytes);
            Row("Model.Save (.h5)", save, write, bytes);
            Row("plain read", read, read, bytes);
            Row("Model.Load (.h5, builds the model too)", load, read, bytes);
            Row("LoadWeights (.h5, into an existing model)", loadWeights, read, bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set above baseline during Model.Load: {peak / 1e6:F0} MB = {(double)peak / bytes:F2}x the model's bytes"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
