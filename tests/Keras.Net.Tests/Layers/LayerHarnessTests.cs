// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>
/// The shared layer harness: every built-in layer is built, called (inference and training), checked against its
/// ComputeOutputShape, its weight count and names, its config round trip, and for tensors left behind by a call.
/// The numeric checks live in each layer's own test class.
/// </summary>
public sealed class LayerHarnessTests : KerasTestBase
{
    internal static readonly Dictionary<string, (Func<Layer> Make, long[][] Inputs, int Weights)> Cases = new()
    {
        ["Dense"] = (() => new Dense(3), [[4]], 2),
        ["Dropout"] = (() => new Dropout(0.5), [[4]], 0),
        ["Activation"] = (() => new Activation("relu"), [[4]], 0),
        ["Flatten"] = (() => new Flatten(), [[2, 3]], 0),
        ["Reshape"] = (() => new Reshape([3, 2]), [[2, 3]], 0),
        ["Identity"] = (() => new Keras.Net.Layers.Identity(), [[4]], 0),
        ["ReLU"] = (() => new ReLU(), [[4]], 0),
        ["LeakyReLU"] = (() => new LeakyReLU(), [[4]], 0),
        ["ThresholdedReLU"] = (() => new ThresholdedReLU(), [[4]], 0),
        ["ELU"] = (() => new ELU(), [[4]], 0),
        ["PReLU"] = (() => new PReLU(), [[4]], 1),
        ["Softmax"] = (() => new Softmax(), [[4]], 0),
        ["Add"] = (() => new Add(), [[3], [3]], 0),
        ["Subtract"] = (() => new Subtract(), [[3], [3]], 0),
        ["Multiply"] = (() => new Multiply(), [[3], [3]], 0),
        ["Average"] = (() => new Average(), [[3], [3]], 0),
        ["Maximum"] = (() => new Maximum(), [[3], [3]], 0),
        ["Minimum"] = (() => new Minimum(), [[3], [3]], 0),
        ["Concatenate"] = (() => new Concatenate(), [[3], [2]], 0),
        ["Dot"] = (() => new Dot(1), [[3], [3]], 0),
        ["Attention"] = (() => new Attention(useScale: true, scoreMode: "concat"), [[4, 3], [5, 3]], 2),
        ["MultiHeadAttention"] = (() => new MultiHeadAttention(2, 3, outputShape: 5), [[4, 3], [6, 2]], 8),
        ["Conv1D"] = (() => new Conv1D(2, [2], padding: "causal"), [[5, 3]], 2),
        ["Conv2D"] = (() => new Conv2D(2, [3], strides: [2], padding: "same"), [[5, 5, 3]], 2),
        ["Conv3D"] = (() => new Conv3D(2, [2]), [[3, 3, 3, 2]], 2),
        ["Conv1DTranspose"] = (() => new Conv1DTranspose(2, [3], strides: [2], padding: "same"), [[4, 3]], 2),
        ["Conv2DTranspose"] = (() => new Conv2DTranspose(2, [2], strides: [2], dataFormat: "channels_first"), [[3, 3, 3]], 2),
        ["SeparableConv1D"] = (() => new SeparableConv1D(2, [2]), [[5, 3]], 3),
        ["SeparableConv2D"] = (() => new SeparableConv2D(2, [2], depthMultiplier: 2), [[4, 4, 3]], 3),
        ["DepthwiseConv2D"] = (() => new DepthwiseConv2D([2], depthMultiplier: 2), [[4, 4, 3]], 2),
        ["SimpleRNN"] = (() => new SimpleRNN(2), [[4, 3]], 3),
        ["LSTM"] = (() => new LSTM(2, returnSequences: true), [[4, 3]], 3),
        ["GRU"] = (() => new GRU(2), [[4, 3]], 3),
        ["Bidirectional"] = (() => new Bidirectional(new LSTM(2)), [[4, 3]], 6),
        ["TimeDistributed"] = (() => new TimeDistributed(new Dense(2)), [[4, 3]], 2),
        ["Embedding"] = (() => new Embedding(10, 3, maskZero: true), [[5]], 1),
        ["Masking"] = (() => new Masking(), [[4, 3]], 0),
        ["MaxPooling1D"] = (() => new MaxPooling1D(), [[5, 3]], 0),
        ["MaxPooling2D"] = (() => new MaxPooling2D(padding: "same"), [[5, 5, 3]], 0),
        ["MaxPooling3D"] = (() => new MaxPooling3D(), [[4, 4, 4, 2]], 0),
        ["AveragePooling1D"] = (() => new AveragePooling1D(padding: "same"), [[5, 3]], 0),
        ["AveragePooling2D"] = (() => new AveragePooling2D(), [[4, 4, 3]], 0),
        ["AveragePooling3D"] = (() => new AveragePooling3D(), [[4, 4, 4, 2]], 0),
        ["GlobalMaxPooling1D"] = (() => new GlobalMaxPooling1D(), [[5, 3]], 0),
        ["GlobalMaxPooling2D"] = (() => new GlobalMaxPooling2D(keepdims: true), [[4, 4, 3]], 0),
        ["GlobalMaxPooling3D"] = (() => new GlobalMaxPooling3D(), [[3, 3, 3, 2]], 0),
        ["GlobalAveragePooling1D"] = (() => new GlobalAveragePooling1D(), [[5, 3]], 0),
        ["GlobalAveragePooling2D"] = (() => new GlobalAveragePooling2D(), [[4, 4, 3]], 0),
        ["GlobalAveragePooling3D"] = (() => new GlobalAveragePooling3D(), [[3, 3, 3, 2]], 0),
        ["BatchNormalization"] = (() => new BatchNormalization(), [[4]], 4),
        ["LayerNormalization"] = (() => new LayerNormalization(), [[4]], 2),
        ["UnitNormalization"] = (() => new UnitNormalization(), [[4]], 0),
        ["GroupNormalization"] = (() => new GroupNormalization(groups: 2), [[3, 4]], 2),
        ["AlphaDropout"] = (() => new AlphaDropout(0.2), [[4]], 0),
        ["Rescaling"] = (() => new Rescaling(0.5), [[4]], 0),
        ["Normalization"] = (() => new Normalization(), [[4]], 3),
        ["ZeroPadding1D"] = (() => new ZeroPadding1D(), [[4, 3]], 0),
        ["ZeroPadding2D"] = (() => new ZeroPadding2D(), [[3, 3, 2]], 0),
        ["Cropping1D"] = (() => new Cropping1D(), [[4, 3]], 0),
        ["Cropping2D"] = (() => new Cropping2D(1), [[4, 4, 2]], 0),
        ["UpSampling1D"] = (() => new UpSampling1D(), [[4, 3]], 0),
        ["UpSampling2D"] = (() => new UpSampling2D(), [[3, 3, 2]], 0),
        ["Permute"] = (() => new Permute([2, 1]), [[4, 3]], 0),
        ["RepeatVector"] = (() => new RepeatVector(3), [[4]], 0),
        ["SpatialDropout1D"] = (() => new SpatialDropout1D(0.5), [[4, 3]], 0),
        ["SpatialDropout2D"] = (() => new SpatialDropout2D(0.5), [[3, 3, 2]], 0),
        ["GaussianNoise"] = (() => new GaussianNoise(0.1), [[4]], 0),
        ["GaussianDropout"] = (() => new GaussianDropout(0.1), [[4]], 0),
        ["ActivityRegularization"] = (() => new ActivityRegularization(0.1), [[4]], 0),
    };

    // Models are not layers to call alone; TorchModuleWrapper has no portable config (TorchModuleWrapperTests).
    private static readonly HashSet<string> NotCallableAlone = ["InputLayer", "Sequential", "Model", "Functional", "TorchModuleWrapper"];

    public static TheoryData<string> LayerNames() => new(Cases.Keys);

    [Fact]
    public void EveryBuiltInLayer_HasAHarnessCase()
    {
        IEnumerable<string> builtIns = KerasRegistry.BuiltInsOf("layer")
            .Where(kv => kv.Key == kv.Value.Name && !NotCallableAlone.Contains(kv.Key))
            .Select(kv => kv.Key);

        Assert.Empty(builtIns.Except(Cases.Keys));
    }

    [Fact]
    public void LeakCheck_CatchesALayerThatLeavesATensorBehind()
    {
        var layer = new LeakyLayer();
        using Tensor x = Ops.Ones([2, 3]);

        using TensorScope scope = Ops.NewScope();
        IReadOnlyList<Tensor> y = layer.Invoke([x], null, false, out _);

        Assert.Single(y);
        Assert.Equal(2, scope.Count);
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void BuildCallShapeWeightsConfig_AndNoTensorLeft(string className)
    {
        var (make, inputDims, weightCount) = Cases[className];
        Layer layer = make();
        Tensor[] inputs = inputDims
            .Select((d, i) => className == "Embedding" ? Ops.Cast(Ops.Clip(Ops.Multiply(Ops.RandomUniform([2, .. d], seed: i), 10), 0, 9), Keras.Net.Backend.DType.Int64) : Ops.RandomNormal([2, .. d], seed: i + 1))
            .ToArray();
        Shape[] shapes = inputDims.Select(d => new Shape([null, .. d.Select(v => (long?)v)])).ToArray();
        layer.EnsureBuilt(shapes);

        IReadOnlyList<Tensor> outputs;
        using (TensorScope scope = Ops.NewScope())
        {
            // Invoke is the call a model's graph makes; ApplyMulti would hide leaks behind its own scope.
            outputs = layer.Invoke(inputs, null, false, out IReadOnlyList<Tensor?> masks);
            int owned = outputs.Count + masks.Count(m => m is not null);
            Assert.True(scope.Count == owned, $"{className}: {scope.Count - owned} tensors left in the caller's scope after a call");
            scope.Keep(outputs);
            scope.Keep(masks);
        }

        IReadOnlyList<Shape> expected = layer.ComputeOutputShape(shapes);
        Assert.Equal(expected.Count, outputs.Count);
        for (int i = 0; i < outputs.Count; i++)
        {
            Shape actual = Ops.ShapeOf(outputs[i]);
            Assert.Equal(new Shape([null, .. actual.Skip(1)]), expected[i]);
        }

        IReadOnlyList<Tensor> trained = layer.ApplyMulti(inputs, training: true);
        Assert.Equal(outputs.Select(Ops.ShapeOf), trained.Select(Ops.ShapeOf));
        Assert.Equal(weightCount, layer.Weights.Count);
        Assert.Equal(layer.Weights.Count, layer.Weights.Select(w => w.Name).Distinct().Count());
        Assert.All(layer.Weights, w => Assert.StartsWith(layer.Name + "/", w.Name, StringComparison.Ordinal));

        string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));
        Layer rebuilt = KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json));
        Assert.Equal(className, rebuilt.GetType().Name);
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(rebuilt)));

        foreach (Tensor t in inputs.Concat(outputs).Concat(trained))
        {
            t.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void CheckpointRoundTrip_RestoresEveryWeightIntoAFreshInstance(string className)
    {
        var (make, inputDims, _) = Cases[className];
        Shape[] shapes = inputDims.Select(d => new Shape([null, .. d.Select(v => (long?)v)])).ToArray();
        Layer saved = make();
        saved.EnsureBuilt(shapes);
        foreach (Variable w in saved.Weights.Where(w => w.DType.IsFloating))
        {
            using Tensor r = Ops.RandomNormal(w.Shape.ToArray(), seed: 7);
            w.Assign(r);
        }

        string dir = Path.Combine(Path.GetTempPath(), "kerasnet-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            string prefix = new Keras.Net.Saving.Checkpoints.Checkpoint { ["layer"] = saved }.Write(Path.Combine(dir, "layer"));
            Layer restored = make();
            restored.EnsureBuilt(shapes);
            var status = new Keras.Net.Saving.Checkpoints.Checkpoint { ["layer"] = restored }.Restore(prefix);

            status.AssertConsumed();
            Assert.Equal(saved.Weights.Count, status.Restored.Count);
            for (int i = 0; i < saved.Weights.Count; i++)
            {
                TensorAssert.Equal(saved.Weights[i].Value, restored.Weights[i].Value, atol: 0);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A layer that forgets to free an intermediate tensor.</summary>
    private sealed class LeakyLayer() : Layer("leaky")
    {
        protected override Tensor Call(Tensor inputs, bool training)
        {
            Tensor forgotten = Ops.Multiply(inputs, 2.0);
            _ = forgotten;
            return Ops.Add(inputs, 1.0);
        }
    }
}
