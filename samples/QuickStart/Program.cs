// SPDX-License-Identifier: Apache-2.0
// The README's main job: train a digit classifier on the embedded UCI digits data with Keras's progress
// bar, evaluate it on held-out samples, and check that a copy of its weights predicts the same.
// (Saving in every format joins this sample as the format issues land.)
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

using var twin = new Sequential(
    [new Input([64]), new Dense(64, activation: "relu"), new Dense(64, activation: "relu"), new Dense(10, activation: "softmax")],
    name: "twin");
twin.SetWeights(model.GetWeights());
using Tensor a = model.Predict(xTest);
using Tensor b = twin.Predict(xTest);
bool same = Ops.AllClose(a, b, rtol: 0, atol: 1e-6);
Console.WriteLine($"A Sequential copy with the same weights predicts the same: {same}");
Console.WriteLine(FormattableString.Invariant($"Done in {clock.Elapsed.TotalSeconds:F1} s."));
pixels.Dispose();
labels.Dispose();
return same && test["accuracy"] > 0.9 ? 0 : 1;
