// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using static BenchmarkSupport;
using Tensor = TorchSharp.torch.Tensor;

/// <summary>
/// SavedModel of an LSTM model (traced as a While loop over TensorLists) against a Dense model of the same parameter
/// count, in the same run, alternating rounds: save time, load time (<c>Model.Load</c>), and <c>SavedModel.Load</c>'s
/// interpreted serving signature against <c>Model.Predict</c> for each model.
/// </summary>
internal static class RecurrentSavedModelBenchmark
{
    private const int Steps = 20, Features = 32, Units = 64, Classes = 10, Batch = 32, Calls = 20, Rounds = 5;

    internal static void Run()
    {
        var sequence = new Input([Steps, Features], name: "x");
        var lstm = new Model(sequence, new Dense(Classes).Apply(new LSTM(Units).Apply(sequence)));
        long parameters = lstm.CountParams();

        // A Dense model on the same inputs, flattened, with a hidden width giving the same parameter count.
        int hidden = (int)Math.Round((parameters - Classes) / (double)((Steps * Features) + 1 + Classes));
        var flat = new Input([Steps * Features], name: "x");
        var dense = new Model(flat, new Dense(Classes).Apply(new Dense(hidden, activation: "tanh").Apply(flat)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LSTM({Units}) on ({Steps}, {Features}): {parameters:N0} parameters; Dense({hidden}) on {Steps * Features}: {dense.CountParams():N0}; batch {Batch}, {Calls} calls per Predict timing, {Rounds} rounds"));

        using Tensor xs = Ops.RandomNormal([Batch, Steps, Features], seed: 1);
        using Tensor xf = Ops.Reshape(xs, [Batch, Steps * Features]);
        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-rnnbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var results = new Dictionary<string, List<double>>();
            void Add(string key, double seconds) => (results.TryGetValue(key, out var l) ? l : results[key] = []).Add(seconds);
            for (int round = 0; round < Rounds; round++)
            {
                foreach (var (name, model, x) in new[] { ("lstm", lstm, xs), ("dense", dense, xf) })
                {
                    string folder = Path.Combine(dir, name);
                    Add(name + " save", Time(() => model.Save(folder)));
                    Model? loaded = null;
                    Add(name + " load", Time(() => loaded = Model.Load(folder)));
                    loaded!.Dispose();
                    Add(name + " Model.Predict", Time(() => Repeat(() => model.Predict(x, batchSize: Batch).Dispose())));
                    using SavedModel graph = SavedModel.Load(folder);
                    Add(name + " interpreter", Time(() => Repeat(() => graph.Call(x).Dispose())));
                }
            }

            double Median(string key) => results[key].Order().ElementAt(results[key].Count / 2);
            Console.WriteLine("what | LSTM | Dense | LSTM / Dense");
            foreach (string what in new[] { "save", "load", "Model.Predict", "interpreter" })
            {
                double a = Median("lstm " + what), b = Median("dense " + what);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what} | {a * 1e3:F1} ms | {b * 1e3:F1} ms | {a / b:F2}x"));
            }

            foreach (string name in new[] { "lstm", "dense" })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: interpreter Predict / Model.Predict = {Median(name + " interpreter") / Median(name + " Model.Predict"):F2}x"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Repeat(Action call)
    {
        for (int i = 0; i < Calls; i++)
        {
            call();
        }
    }
}
