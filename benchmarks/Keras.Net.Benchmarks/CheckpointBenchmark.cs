// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net.Models;
using static BenchmarkSupport;

/// <summary>
/// TensorFlow checkpoint save (<c>SaveWeights</c> without a suffix) and restore (<c>LoadWeights</c>) of a ~100M-parameter
/// model against a plain FileStream write and read of the same bytes, in the same run, plus the peak memory
/// above the baseline while restoring.
/// </summary>
internal static class CheckpointBenchmark
{
    internal static void Run(int layers)
    {
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-ckptbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Sequential model = DenseStack(layers);
            Sequential target = DenseStack(layers);
            long bytes = model.CountParams() * 4;
            byte[] raw = RawBytes(model);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model: {layers} x Dense({Width}), {model.CountParams():N0} parameters, {bytes / 1e6:F0} MB"));

            string prefix = Path.Combine(dir, "ckpt"), plain = Path.Combine(dir, "plain.bin");
            List<double> save = [], write = [], load = [], read = [];
            long peak = 0;
            for (int round = 0; round < 5; round++)
            {
                write.Add(Time(() => PlainWrite(plain, raw)));
                save.Add(Time(() => model.SaveWeights(prefix)));
                read.Add(Time(() => PlainRead(plain, raw.Length)));
                load.Add(Time(() => target.LoadWeights(prefix).AssertConsumed()));
                peak = Math.Max(peak, PeakAbove(() => target.LoadWeights(prefix)));
            }

            Console.WriteLine("operation | median time | throughput | vs plain FileStream");
            Row("plain write", write, write, bytes);
            Row("SaveWeights (TF checkpoint)", save, write, bytes);
            Row("plain read", read, read, bytes);
            Row("LoadWeights (TF checkpoint, object-graph restore)", load, read, bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set above baseline during LoadWeights: {peak / 1e6:F0} MB = {(double)peak / bytes:F2}x the model's bytes"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
