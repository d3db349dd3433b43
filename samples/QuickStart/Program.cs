// SPDX-License-Identifier: Apache-2.0
// The README's main job: train a digit classifier on the embedded UCI digits data with Keras's progress
// bar, evaluate it on held-out samples, save it in every format Keras.Net writes, reload each and check that
// it predicts exactly the same, resume training from one of them, and print formats, sizes and load times.
// The exit code is 0 only when every reload predicts identically and the accuracy is above 90%.
using System.Diagnostics;
using Keras.Net;
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Samples.Data;
using Tensor = TorchSharp.torch.Tensor;

KerasBackend.SetRandomSeed(42);
var clock = Stopwatch.StartNew();

var (pixels, labels) = DigitsData.Load();
using TensorScope data = Ops.NewScope();
Tensor order = Ops.RandomPermutation(Ops.ShapeOf(pixels)[0]!.Value, seed: 42);
Tensor x = Ops.TakeRows(pixels, order), y = Ops.TakeRows(labels, order);
Tensor xTrain = Ops.SliceRows(x, 0, 1500), yTrain = Ops.SliceRows(y, 0, 1500);
Tensor xTest = Ops.SliceRows(x, 1500, 297), yTest = Ops.SliceRows(y, 1500, 297);

var inputs = new Input([64], name: "pixels");
KerasTensor h = new Dense(64, activation: "relu", name: "dense_1").Apply(inputs);
h = new Dense(64, activation: "relu", name: "dense_2").Apply(h);
KerasTensor outputs = new Dense(10, activation: "softmax", name: "predictions").Apply(h);
using var model = new Model(inputs, outputs, name: "digits_mlp");
model.Summary();

model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
model.Fit(xTrain, yTrain, batchSize: 32, epochs: 20, validationSplit: 0.1);
IReadOnlyDictionary<string, double> test = model.Evaluate(xTest, yTest, verbose: 0);
Console.WriteLine(FormattableString.Invariant($"Test loss {test["loss"]:F4}, test accuracy {test["accuracy"] * 100:F1}%"));

// Save in every format, reload, compare predictions bit for bit.
string dir = Path.Combine(Path.GetTempPath(), "keras-net-quickstart-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
using Tensor reference = model.Predict(xTest);
var rows = new List<(string Format, string Path, long Bytes, double LoadMs, bool Same)>();
try
{
    (string Name, string File, Func<string, Model> Reload, Action<string> Save)[] formats =
    [
        ("SavedModel folder (default)", "digits_model", p => Model.Load(p), p => model.Save(p)),
        ("Keras 3 .keras archive", "digits.keras", p => Model.Load(p), p => model.Save(p)),
        ("tf.keras HDF5 .h5", "digits.h5", p => Model.Load(p), p => model.Save(p)),
        ("TF checkpoint (weights)", "digits_ckpt", p => { Model m = Model.FromJson(model.ToJson()); m.LoadWeights(p).AssertExistingObjectsMatched(); return m; }, p => model.SaveWeights(p)),
        ("Keras 3 .weights.h5", "digits.weights.h5", p => { Model m = Model.FromJson(model.ToJson()); m.LoadWeights(p).AssertConsumed(); return m; }, p => model.SaveWeights(p)),
    ];
    foreach (var (name, file, reload, save) in formats)
    {
        string path = Path.Combine(dir, file);
        save(path);
        var loadClock = Stopwatch.StartNew();
        using Model loaded = reload(path);
        double ms = loadClock.Elapsed.TotalMilliseconds;
        using Tensor again = loaded.Predict(xTest);
        rows.Add((name, file, SizeOf(path), ms, Ops.AllClose(reference, again, rtol: 0, atol: 0)));
    }

    // Resume training from the .keras file: the optimizer state comes back, so training continues where it stopped.
    using Model resumed = Model.Load(Path.Combine(dir, "digits.keras"));
    resumed.Fit(xTrain, yTrain, batchSize: 32, epochs: 22, initialEpoch: 20, verbose: 2);
    double resumedAccuracy = resumed.Evaluate(xTest, yTest, verbose: 0)["accuracy"];
    Console.WriteLine(FormattableString.Invariant($"Resumed from digits.keras for 2 more epochs: test accuracy {resumedAccuracy * 100:F1}%"));

    Console.WriteLine();
    Console.WriteLine($"{"format",-30} {"file",-20} {"size",10} {"load",9}  same predictions");
    foreach (var r in rows)
    {
        Console.WriteLine(FormattableString.Invariant($"{r.Format,-30} {r.Path,-20} {r.Bytes / 1024.0,7:F1} KiB {r.LoadMs,6:F0} ms  {(r.Same ? "yes" : "NO")}"));
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

bool same = rows.All(r => r.Same);
Console.WriteLine(FormattableString.Invariant($"Done in {clock.Elapsed.TotalSeconds:F1} s."));
pixels.Dispose();
labels.Dispose();
return same && test["accuracy"] > 0.9 ? 0 : 1;

static long SizeOf(string path) =>
    Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
    : File.Exists(path) ? new FileInfo(path).Length
    : Directory.EnumerateFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".*").Sum(f => new FileInfo(f).Length);
