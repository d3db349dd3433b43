// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Globalization;
using Keras.Net;
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Tensor = TorchSharp.torch.Tensor;

/// <summary>
/// Intra-op thread counts (1, 2, every core) for Fit and Predict on an MLP, a CNN and a bidirectional LSTM, on an idle
/// machine and with one other process spinning on a core: seconds per epoch / per full Predict, medians of 3 rounds.
/// Run it with and without <c>OMP_WAIT_POLICY=PASSIVE</c> (read by libtorch at start-up) to see OpenMP's spin-wait.
/// </summary>
internal static class ThreadBenchmark
{
    private const int Rounds = 3;

    internal static void Run()
    {
        int cores = Environment.ProcessorCount;
        int[] counts = new[] { 1, 2, cores }.Distinct().ToArray();
        Console.WriteLine($"cores {cores}, OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}, default NumThreads {KerasBackend.NumThreads}");
        Console.WriteLine("model | load | threads | Fit s/epoch | Predict s | Fit vs 1 thread | Predict vs 1 thread");
        foreach (var (name, build, x, y) in Models())
        {
            foreach (bool busy in new[] { false, true })
            {
                using Process? spinner = busy ? Spin() : null;
                double fit1 = 0, predict1 = 0;
                foreach (int threads in counts)
                {
                    KerasBackend.NumThreads = threads;
                    using Model model = build();
                    model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 0);
                    model.Predict(x).Dispose();
                    double fit = Median(Enumerable.Range(0, Rounds).Select(_ => Seconds(() => model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 0))));
                    double predict = Median(Enumerable.Range(0, Rounds).Select(_ => Seconds(() => model.Predict(x, batchSize: 32).Dispose())));
                    if (threads == 1)
                    {
                        (fit1, predict1) = (fit, predict);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} | {(busy ? "1 core busy" : "idle")} | {threads} | {fit:F3} | {predict:F3} | {fit / fit1:F2}x | {predict / predict1:F2}x"));
                }

                spinner?.Kill();
            }
        }
    }

    private static IEnumerable<(string, Func<Model>, Tensor, Tensor)> Models()
    {
        KerasBackend.SetRandomSeed(0);
        yield return ("MLP 784-64-64-10", () =>
        {
            var i = new Input([784]);
            var m = new Model(i, new Dense(10).Apply(new Dense(64, activation: "relu").Apply(new Dense(64, activation: "relu").Apply(i))));
            m.Compile(optimizer: "adam", loss: new Keras.Net.Losses.SparseCategoricalCrossentropy(fromLogits: true));
            return m;
        }, Ops.RandomUniform([4096, 784], seed: 1), Labels(4096));

        yield return ("CNN 28x28 conv16-pool-conv32-pool-dense", () =>
        {
            var i = new Input([28, 28, 1]);
            KerasTensor h = new MaxPooling2D([2, 2]).Apply(new Conv2D(16, [3, 3], activation: "relu").Apply(i));
            h = new MaxPooling2D([2, 2]).Apply(new Conv2D(32, [3, 3], activation: "relu").Apply(h));
            var m = new Model(i, new Dense(10).Apply(new Flatten().Apply(h)));
            m.Compile(optimizer: "adam", loss: new Keras.Net.Losses.SparseCategoricalCrossentropy(fromLogits: true));
            return m;
        }, Ops.RandomUniform([1024, 28, 28, 1], seed: 2), Labels(1024));

        yield return ("BiLSTM 32 on 40x16", () =>
        {
            var i = new Input([40, 16]);
            var m = new Model(i, new Dense(10).Apply(new Bidirectional(new LSTM(32)).Apply(i)));
            m.Compile(optimizer: "adam", loss: new Keras.Net.Losses.SparseCategoricalCrossentropy(fromLogits: true));
            return m;
        }, Ops.RandomUniform([512, 40, 16], seed: 3), Labels(512));
    }

    private static Tensor Labels(int n) => Ops.FromArray(Enumerable.Range(0, n).Select(i => (long)(i % 10)).ToArray(), [n]);

    /// <summary>Another process that keeps one core busy (a shell loop).</summary>
    private static Process Spin() => Process.Start(new ProcessStartInfo("/bin/sh", "-c \"while :; do :; done\"") { UseShellExecute = false })!;

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
