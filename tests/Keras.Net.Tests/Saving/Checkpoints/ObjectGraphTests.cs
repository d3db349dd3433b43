// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.Checkpoints;

/// <summary>The object graph's shape and key naming against formats.md 3.7, and exact resume through checkpoints.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class ObjectGraphTests : KerasTestBase
{
    [Fact]
    public void SaveWeightsGraph_MatchesTheObservedTfKerasExample()
    {
        // formats.md 3.7 (observed): Sequential Dense -> Dropout -> Dense, compiled, not trained.
        var model = new Sequential([new Input([3]), new Dense(4, name: "dense_4"), new Dropout(0.5), new Dense(2, name: "dense_5")]);
        model.Compile(optimizer: "adam", loss: "mse");

        var (graph, variables) = ObjectGraphWriter.Build(model, rootSelfEdge: true);

        var root = graph.Nodes[0].Children.Select(c => (c.LocalName, c.NodeId)).ToList();
        Assert.Equal(
            [("layer_with_weights-0", 1), ("layer-0", 1), ("layer-1", 2), ("layer_with_weights-1", 3), ("layer-2", 3), ("optimizer", 4), ("root", 0)],
            root);
        Assert.Equal(["kernel", "bias"], graph.Nodes[1].Children.Select(c => c.LocalName));
        Assert.Empty(graph.Nodes[2].Children);
        TrackableObjectGraph.Types.TrackableObject kernel = graph.Nodes[graph.Nodes[1].Children[0].NodeId];
        Assert.Equal("VARIABLE_VALUE", kernel.Attributes[0].Name);
        Assert.Equal("dense_4/kernel", kernel.Attributes[0].FullName);
        Assert.Equal("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", kernel.Attributes[0].CheckpointKey);
        Assert.True(graph.Nodes[0].HasCheckpointValues);
        Assert.False(graph.Nodes[2].HasCheckpointValues);
        Assert.Contains(variables, v => v.Key == "optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE");
        Assert.Equal("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", variables[0].Key);
    }

    [Fact]
    public void KeysOfNestedLayers_UseTfKerasAttributeNames()
    {
        var input = new Input([5, 3]);
        var lstm = new LSTM(4, name: "lstm");
        var mha = new MultiHeadAttention(2, 3, name: "mha");
        var seq = lstm.Apply(input);
        var model = new Model(input, new Bidirectional(new GRU(2), name: "bi").Apply(mha.Apply([input, input])));
        _ = seq;

        var keys = ObjectGraphWriter.Build(model, rootSelfEdge: true).Variables.Select(v => v.Key).ToList();
        var lstmKeys = ObjectGraphWriter.Build(lstm, rootSelfEdge: false).Variables.Select(v => v.Key).ToList();

        Assert.Equal(["cell/kernel/.ATTRIBUTES/VARIABLE_VALUE", "cell/recurrent_kernel/.ATTRIBUTES/VARIABLE_VALUE", "cell/bias/.ATTRIBUTES/VARIABLE_VALUE"], lstmKeys);
        Assert.Contains("layer_with_weights-0/_query_dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", keys);
        Assert.Contains("layer_with_weights-0/_output_dense/bias/.ATTRIBUTES/VARIABLE_VALUE", keys);
        Assert.Contains("layer_with_weights-1/forward_layer/cell/kernel/.ATTRIBUTES/VARIABLE_VALUE", keys);
        Assert.Contains("layer_with_weights-1/backward_layer/cell/recurrent_kernel/.ATTRIBUTES/VARIABLE_VALUE", keys);
    }

    [Fact]
    public void Escape_DoublesDotsAndEncodesSlashes()
    {
        Assert.Equal("a..b.Sc", ObjectGraphWriter.Escape("a.b/c"));
    }

    [Fact]
    public void Resume_IsExact_ThroughATensorFlowCheckpoint()
    {
        // No shuffling: the resumed model's own initialization must not matter, only the restored state.
        using var dir = new TempDirectory();
        using Tensor x = Ops.RandomUniform([96, 8], seed: 3);
        using Tensor y = Ops.RandomUniform([96, 1], seed: 4);
        Model Make()
        {
            var model = new Sequential([new Input([8]), new Dense(6, activation: "relu"), new Dense(1)]);
            model.Compile(optimizer: "adam", loss: "mse");
            return model;
        }

        KerasBackend.SetRandomSeed(5);
        Model straight = Make();
        straight.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false);

        KerasBackend.SetRandomSeed(5);
        Model first = Make();
        first.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, shuffle: false);
        first.SaveWeights(dir.File("ckpt"));

        KerasBackend.SetRandomSeed(99);
        Model resumed = Make();
        resumed.LoadWeights(dir.File("ckpt")).AssertConsumed();
        Assert.Equal(first.Optimizer!.Iterations, resumed.Optimizer!.Iterations);
        resumed.Fit(x, y, batchSize: 16, epochs: 3, initialEpoch: 2, verbose: 0, shuffle: false);

        for (int i = 0; i < straight.Weights.Count; i++)
        {
            float[] s = straight.Weights[i].ToArray(), r = resumed.Weights[i].ToArray();
            Assert.All(s.Zip(r), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-6, $"{p.First} vs {p.Second}"));
        }
    }
}
