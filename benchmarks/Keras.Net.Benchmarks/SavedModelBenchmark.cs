// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net.Models;
using static BenchmarkSupport;

/// <summary>
/// SavedModel save (<c>Model.Save(folder)</c>, traced) and load (<c>Model.Load(folder)</c>) of a ~100M-parameter model
/// against a plain FileStream write and read of the same bytes, in the same run, plus the peak memory above the
/// baseline while loading.
/// </summary>
internal static class SavedModelBenchmark
{
    internal static void Run(int layers)
    {
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-smbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Sequential model = DenseStack(layers);
            long bytes = model.CountParams() * 4;
            byte[] raw = RawBytes(model);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model: {layers} x Dense({Width}), {model.CountParams():N0} parameters, {bytes / 1e6:F0} MB"));

            string folder = Path.Combine(dir, "model"), plain = Path.Combine(dir, "plain.bin");
            List<double> save = [], write = [], load = [], read = [];
            long peak = 0;
            for (int round = 0; round < 5; round++)
            {
                write.Add(Time(() => PlainWrite(plain, raw)));
                save.Add(Time(() => model.Save(folder)));
                read.Add(Time(() => PlainRead(plain, raw.Length)));
                Model? loaded = null;
                load.Add(Time(() => loaded = Model.Load(folder)));
                loaded!.Dispose();
                peak = Math.Max(peak, PeakAbove(() => loaded = Model.Load(folder)));
                loaded!.Dispose();
            }

            Console.WriteLine("operation | median time | throughput | vs plain FileStream");
            Row("plain write", write, write, bytes);
            Row("Model.Save (SavedModel, traced)", save, write, bytes);
            Row("plain read", read, read, bytes);
            Row("Model.Load (SavedModel, builds the model too)", load, read, bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set above baseline during Model.Load: {peak / 1e6:F0} MB = {(double)peak / bytes:F2}x the model's bytes"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
