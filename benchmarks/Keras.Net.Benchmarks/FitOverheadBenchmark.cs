// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using Keras.Net;
using Keras.Net.Callbacks;
using Keras.Net.Layers;
using Keras.Net.Losses;
using Keras.Net.Models;
using Keras.Net.Training;
using Tensor = TorchSharp.torch.Tensor;

/// <summary>
/// What the keras.io training idioms cost per step on the 784-64-64-10 MLP (batch 32, Adam), against plain
/// <c>Fit(x, y)</c> in the same run, alternating rounds: dictionaries for x and y, a callback that reads batch logs
/// (one device read per step), and a generator of batches without and with background prefetch.
/// </summary>
internal static class FitOverheadBenchmark
{
    private const int Samples = 4096, Features = 784, Classes = 10, Batch = 32, Epochs = 2, Rounds = 7;

    internal static void Run()
    {
        using Tensor x = Ops.RandomUniform([Samples, Features], seed: 1);
        using Tensor y = Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform([Samples], seed: 2), Classes), 0, Classes - 1), Keras.Net.Backend.DType.Int64);
        int steps = (Samples + Batch - 1) / Batch;
        var variants = new (string Name, Func<Model, History> Fit)[]
        {
            ("Fit(x, y)", m => m.Fit(x, y, batchSize: Batch, epochs: Epochs, verbose: 0, shuffle: false)),
            ("Fit(dict x, dict y)", m => m.Fit(new Dictionary<string, Tensor> { ["pixels"] = x }, new Dictionary<string, Tensor> { ["digit"] = y }, batchSize: Batch, epochs: Epochs, verbose: 0, shuffle: false)),
            ("Fit(x, y) + batch-logs callback", m => m.Fit(x, y, batchSize: Batch, epochs: Epochs, verbose: 0, shuffle: false, callbacks: [new LossHistory()])),
            ("Fit(generator)", m => m.Fit(Batches(x, y), epochs: Epochs, verbose: 0)),
            ("Fit(generator, prefetch: 2)", m => m.Fit(Batches(x, y), epochs: Epochs, verbose: 0, prefetch: 2)),
        };
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        foreach (var (_, fit) in variants)
        {
            using Model warm = NewModel();
            fit(warm);
        }

        for (int r = 0; r < Rounds; r++)
        {
            foreach (var (name, fit) in variants)
            {
                using Model model = NewModel();
                var clock = Stopwatch.StartNew();
                fit(model);
                times[name].Add(clock.Elapsed.TotalSeconds / (Epochs * steps));
            }
        }

        double baseline = Median(times["Fit(x, y)"]);
        Console.WriteLine($"MLP {Features}-64-64-{Classes}, batch {Batch}, Adam, {Samples} samples, {Epochs} epochs x {Rounds} rounds");
        Console.WriteLine("variant | median us/step | vs Fit(x, y)");
        foreach (var (name, _) in variants)
        {
            double m = Median(times[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} | {m * 1e6:F1} | {m / baseline:F3}x"));
        }
    }

    private static IEnumerable<DataBatch> Batches(Tensor x, Tensor y)
    {
        for (long s = 0; s < Samples; s += Batch)
        {
            long len = Math.Min(Batch, Samples - s);
            yield return new DataBatch([Ops.SliceRows(x, s, len)], [Ops.SliceRows(y, s, len)]);
        }
    }

    private static Model NewModel()
    {
        var inputs = new Input([Features], name: "pixels");
        KerasTensor h = new Dense(64, activation: "relu").Apply(new Dense(64, activation: "relu").Apply(inputs));
        var model = new Model(inputs, new Dense(Classes, name: "digit").Apply(h));
        model.Compile(optimizer: "adam", loss: new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>keras.io's LossHistory: reads the loss after every batch.</summary>
    private sealed class LossHistory : Callback
    {
        private readonly List<double> _losses = [];

        public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs) => _losses.Add(logs["loss"]);
    }
}
