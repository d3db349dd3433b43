// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// The valid files every mutation starts from, written once per run by this library: a small trained, compiled
/// model (Dense, BatchNormalization, Dense, Adam state) in each format.
/// </summary>
internal static class BaseFiles
{
    internal const int Features = 6;

    internal static string H5Model(string root) => Path.Combine(root, "model.h5");

    internal static string H5Weights(string root) => Path.Combine(root, "weights.h5");

    internal static string Keras(string root) => Path.Combine(root, "model.keras");

    internal static string Keras3Weights(string root) => Path.Combine(root, "model.weights.h5");

    internal static string Checkpoint(string root) => Path.Combine(root, "ckpt", "weights");

    internal static string SavedModelDir(string root) => Path.Combine(root, "saved_model");

    /// <summary>The base model's architecture (fresh weights), for weight-only loads.</summary>
    internal static Model Build()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetRandomSeed(7);
        var input = new Input([Features], name: "features");
        KerasTensor x = new Dense(5, activation: "relu", name: "hidden").Apply(input);
        x = new BatchNormalization(name: "norm").Apply(x);
        KerasTensor y = new Dense(3, activation: "softmax", name: "probs").Apply(x);
        var model = new Model(input, y, name: "fuzz_base");
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    /// <summary>Writes every base file under <paramref name="root"/> (once; later calls find them).</summary>
    internal static void Ensure(string root)
    {
        string done = Path.Combine(root, ".complete");
        if (File.Exists(done))
        {
            return;
        }

        Directory.CreateDirectory(root);
        using Model model = Build();
        using Tensor x = Ops.FromArray(Enumerable.Range(0, 16 * Features).Select(i => (float)Math.Sin(i)).ToArray(), [16, Features]);
        using Tensor y = Ops.FromArray(Enumerable.Range(0, 16).Select(i => (long)(i % 3)).ToArray(), [16]);
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0);
        model.Save(H5Model(root));
        model.SaveWeights(H5Weights(root));
        model.Save(Keras(root));
        model.SaveWeights(Keras3Weights(root));
        Directory.CreateDirectory(Path.GetDirectoryName(Checkpoint(root))!);
        model.SaveWeights(Checkpoint(root));
        model.Save(SavedModelDir(root));
        File.WriteAllText(done, "ok");
    }
}
