// SPDX-License-Identifier: Apache-2.0
// Fit's time per step against a hand-written TorchSharp training loop on the same model and data:
// 784-64-64-10 MLP, batch 32, Adam, sparse categorical cross-entropy from logits, shuffled every epoch.
// Usage: dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- [threads...] (default: 1 2)
//        dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- h5 [layers]   (HDF5 save/load of ~100M parameters)
//        dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- ckpt [layers] (TF checkpoint save/restore of ~100M parameters)
//        dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- savedmodel [layers] (SavedModel save/load of ~100M parameters)
//        dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- fit-overhead (dictionaries, batch logs, generators and prefetch vs plain Fit)
//        dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- rnn-savedmodel (LSTM vs same-size Dense: SavedModel save, load, interpreter Predict)
//        dotnet run -c Release --project benchmarks/Keras.Net.Benchmarks -- threads (intra-op threads x MLP/CNN/BiLSTM, idle and busy)
using System.Diagnostics;
using System.Globalization;
using Keras.Net;
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Losses;
using Keras.Net.Models;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length > 0 && args[0] == "threads")
{
    ThreadBenchmark.Run();
    return;
}

if (args.Length > 0 && args[0] == "savedmodel")
{
    SavedModelBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6);
    return;
}

if (args.Length > 0 && args[0] == "fit-overhead")
{
    FitOverheadBenchmark.Run();
    return;
}

if (args.Length > 0 && args[0] == "rnn-savedmodel")
{
    RecurrentSavedModelBenchmark.Run();
    return;
}

if (args.Length > 0 && args[0] == "ckpt")
{
    CheckpointBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6);
    return;
}

if (args.Length > 0 && args[0] == "h5")
{
    Hdf5Benchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6);
    return;
}

const int Samples = 4096, Features = 784, Classes = 10, Batch = 32, Epochs = 3, Rounds = 7;
int[] threadCounts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 2];

manual_seed(0);
using Tensor x = rand(Samples, Features);
using Tensor y = randint(0, Classes, [Samples], dtype: ScalarType.Int64);
int stepsPerEpoch = (Samples + Batch - 1) / Batch;

Console.WriteLine($"MLP {Features}-64-64-{Classes}, batch {Batch}, Adam, {Samples} samples ({stepsPerEpoch} steps/epoch), {Epochs} epochs x {Rounds} rounds");
Console.WriteLine("threads | hand-written loop | Keras.Net Fit | ratio of medians | per-round ratios (min..max)");
foreach (int threads in threadCounts)
{
    KerasBackend.NumThreads = threads;
    var hand = new List<double>();
    var keras = new List<double>();
    HandWritten(1);
    KerasFit(1);
    for (int r = 0; r < Rounds; r++)
    {
        hand.Add(HandWritten(Epochs));
        keras.Add(KerasFit(Epochs));
    }

    double h = Median(hand), k = Median(keras);
    var ratios = keras.Zip(hand, (a, b) => a / b).ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{threads,7} | {h * 1e6,13:F1} us/step | {k * 1e6,9:F1} us/step | {k / h,16:F3}x | {ratios.Min():F3}..{ratios.Max():F3}"));
}

double HandWritten(int epochs)
{
    var net = nn.Sequential(
        ("l1", nn.Linear(Features, 64)), ("r1", nn.ReLU()),
        ("l2", nn.Linear(64, 64)), ("r2", nn.ReLU()),
        ("l3", nn.Linear(64, Classes)));
    var opt = optim.Adam(net.parameters(), lr: 0.001, eps: 1e-7);
    var clock = Stopwatch.StartNew();
    for (int e = 0; e < epochs; e++)
    {
        using var perm = randperm(Samples);
        for (long s = 0; s < Samples; s += Batch)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(Batch, Samples - s);
            Tensor idx = perm.narrow(0, s, len);
            Tensor xb = x.index_select(0, idx), yb = y.index_select(0, idx);
            opt.zero_grad();
            Tensor loss = nn.functional.cross_entropy(net.forward(xb), yb);
            loss.backward();
            opt.step();
        }
    }

    double perStep = clock.Elapsed.TotalSeconds / (epochs * stepsPerEpoch);
    net.Dispose();
    return perStep;
}

double KerasFit(int epochs)
{
    var inputs = new Input([Features]);
    KerasTensor h1 = new Dense(64, activation: "relu").Apply(inputs);
    KerasTensor h2 = new Dense(64, activation: "relu").Apply(h1);
    using var model = new Model(inputs, new Dense(Classes).Apply(h2));
    model.Compile(optimizer: "adam", loss: new SparseCategoricalCrossentropy(fromLogits: true));
    var clock = Stopwatch.StartNew();
    model.Fit(x, y, batchSize: Batch, epochs: epochs, verbose: 0);
    return clock.Elapsed.TotalSeconds / (epochs * stepsPerEpoch);
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}
