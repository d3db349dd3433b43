using System.Diagnostics;
using Keras.Net;
using Keras.Net.Layers;
using Keras.Net.Models;
using Tensor = TorchSharp.torch.Tensor;

// A two-feature classification problem: the label is 1 when x0 + x1 > 0.
Keras.Net.Backend.KerasBackend.SetRandomSeed(1);   // reproducible weights and shuffling
var random = new Random(1);
float[] features = Enumerable.Range(0, 2 * 1024).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
float[] labels = Enumerable.Range(0, 1024).Select(i => features[2 * i] + features[(2 * i) + 1] > 0 ? 1f : 0f).ToArray();
using Tensor x = Ops.FromArray(features, [1024, 2]);
using Tensor y = Ops.FromArray(labels, [1024, 1]);

var inputs = new Input([2], name: "features");
KerasTensor hidden = new Dense(16, activation: "relu").Apply(inputs);
using var model = new Model(inputs, new Dense(1, activation: "sigmoid").Apply(hidden), name: "KerasNetApp");
model.Summary();
model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
model.Fit(x, y, batchSize: 32, epochs: 20, validationSplit: 0.1, verbose: 2);
double accuracy = model.Evaluate(x, y, verbose: 0)["accuracy"];
Console.WriteLine($"accuracy: {accuracy:F3}");

// Save in every format and load each back: the predictions must be identical.
using Tensor expected = model.Predict(x);
bool identical = true;
Console.WriteLine($"{"format",-12} {"path",-16} {"load ms",8}  identical");
foreach (var (format, path) in new[] { ("SavedModel", "saved_model"), ("Keras 3", "model.keras"), ("HDF5", "model.h5") })
{
    model.Save(path);
    var watch = Stopwatch.StartNew();
    using Model loaded = Model.Load(path);
    long ms = watch.ElapsedMilliseconds;
    using Tensor actual = loaded.Predict(x);
    bool same = Ops.ToFloatArray(actual).SequenceEqual(Ops.ToFloatArray(expected));
    identical &= same;
    Console.WriteLine($"{format,-12} {path,-16} {ms,8}  {same}");
}

return identical && accuracy > 0.9 ? 0 : 1;
