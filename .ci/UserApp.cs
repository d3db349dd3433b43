// The 20-line program .ci/package-check builds in a fresh console app outside the repository.
using Keras.Net;
using Keras.Net.Layers;
using Keras.Net.Models;

// Learn y = 1 if x0 + x1 > 0: train, save in three formats, load each back and compare predictions.
Keras.Net.Backend.KerasBackend.SetRandomSeed(1);
var rng = new Random(1);
float[] xs = Enumerable.Range(0, 512).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
using var x = Ops.FromArray(xs, [256, 2]);
using var y = Ops.FromArray(Enumerable.Range(0, 256).Select(i => xs[2 * i] + xs[2 * i + 1] > 0 ? 1f : 0f).ToArray(), [256, 1]);
var inputs = new Input([2]);
using var model = new Model(inputs, new Dense(1, activation: "sigmoid").Apply(new Dense(8, activation: "relu").Apply(inputs)));
model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
model.Fit(x, y, epochs: 100, verbose: 0);
double accuracy = model.Evaluate(x, y, verbose: 0)["accuracy"];
using var expected = model.Predict(x);
string dir = args.Length > 0 ? args[0] : ".";
bool same = true;
foreach (string name in new[] { "model.keras", "model.h5", "saved_model" })
{
    model.Save(Path.Combine(dir, name));
    using var loaded = Model.Load(Path.Combine(dir, name));
    using var actual = loaded.Predict(x);
    same &= Ops.ToFloatArray(actual).SequenceEqual(Ops.ToFloatArray(expected));
}

Console.WriteLine($"accuracy {accuracy:F3}, reloads identical: {same}");
return same && accuracy > 0.8 ? 0 : 1;
