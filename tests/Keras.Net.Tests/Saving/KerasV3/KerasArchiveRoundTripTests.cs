// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Text.Json.Nodes;
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.KerasV3;

/// <summary><c>.keras</c> archives written here: round trips, exact resume, and the structure of a Keras 3 file.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class KerasArchiveRoundTripTests : KerasTestBase
{
    [RegisterKerasSerializable(Package = "RoundTrip")]
    public sealed class Scale(double factor = 2.0, string? name = null) : Layer(name)
    {
        private Variable? _gain;

        public double Factor { get; } = factor;

        protected override void Build(Shape inputShape) => _gain = AddWeight("gain", Shape.Of(inputShape[^1]!.Value), "ones");

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor scaled = Ops.Multiply(inputs, Factor);
            return Ops.Multiply(scaled, _gain!.Value);
        }

        public override JsonObject GetConfig()
        {
            JsonObject config = base.GetConfig();
            config["factor"] = Factor;
            return config;
        }
    }

    /// <summary>A registered subclassed model holding a Dense and a registered custom layer.</summary>
    [RegisterKerasSerializable(Package = "RoundTrip")]
    public sealed class TwoStep(int units = 2, string? name = null) : Model(name)
    {
        private readonly Dense _dense = new(4, activation: "tanh");
        private readonly Scale _scale = new(0.5);
        private readonly Dense _head = new(units);

        public int Units { get; } = units;

        protected override Tensor Call(Tensor inputs, bool training)
        {
            using Tensor h = _dense.Apply(inputs, training);
            using Tensor s = _scale.Apply(h, training);
            return _head.Apply(s, training);
        }

        public override JsonObject GetConfig() => new() { ["units"] = Units };
    }

    public static TheoryData<string> Architectures => new() { "sequential", "functional_multi_input_shared_nested", "custom_layer", "subclassed" };

    private static Model Make(string kind)
    {
        switch (kind)
        {
            case "sequential":
                return new Sequential([new Input([6]), new Dense(8, activation: "relu"), new Dropout(0.1), new Dense(3)]);
            case "functional_multi_input_shared_nested":
            {
                var innerIn = new Input([4]);
                var inner = new Model(innerIn, new Dense(3, activation: "tanh").Apply(innerIn), name: "inner");
                var a = new Input([4], name: "a");
                var b = new Input([4], name: "b");
                var shared = new Dense(4, name: "shared");
                var joined = new Concatenate().Apply([inner.Apply(shared.Apply(a)), inner.Apply(shared.Apply(b))]);
                return new Model([a, b], [new Dense(2).Apply(joined)]);
            }

            case "subclassed":
                return new TwoStep(2);
            default:
                return new Sequential([new Input([6]), new Scale(3.0), new Dense(2)]);
        }
    }

    private static Tensor[] Inputs(Model model, int seed) =>
        model.Inputs.Count > 1
            ? model.Inputs.Select((k, i) => Ops.RandomNormal([5, .. k.Shape.Skip(1).Select(d => d!.Value)], seed: seed + i)).ToArray()
            : [Ops.RandomNormal([5, 6], seed: seed)];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void RoundTrip_PreservesConfigWeightsCompileAndOptimizerState(string kind)
    {
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        Model model = Make(kind);
        model.Compile(optimizer: "adam", loss: "mse", metrics: ["mae"]);
        Tensor[] x = Inputs(model, 1);
        using Tensor y = Ops.RandomNormal([5, model is Sequential && kind == "sequential" ? 3 : 2], seed: 9);
        if (x.Length == 1)
        {
            model.Fit(x[0], y, epochs: 2, verbose: 0);
        }
        else
        {
            model.Fit(x, [y], epochs: 2, verbose: 0);
        }

        string path = dir.File("model.keras");
        model.Save(path);
        Model back = Model.Load(path);

        Assert.Equal(PythonJson.Serialize(KerasSerializer.Serialize(model)), PythonJson.Serialize(KerasSerializer.Serialize(back)));
        Assert.Equal(model.Weights.Select(w => w.ToArray()), back.Weights.Select(w => w.ToArray()));
        Assert.True(back.IsCompiled);
        Assert.Equal(model.Optimizer!.Iterations, back.Optimizer!.Iterations);
        Assert.Equal(model.Optimizer.Variables.Select(v => v.ToArray()), back.Optimizer.Variables.Select(v => v.ToArray()));
        using Tensor a = x.Length == 1 ? model.Predict(x[0]) : model.Predict(x).Single();
        using Tensor b = x.Length == 1 ? back.Predict(x[0]) : back.Predict(x).Single();
        TensorAssert.Equal(a, b, atol: 0);
    }

    [Fact]
    public void Resume_IsExact_TwoEpochsSaveLoadOneMore_EqualsThreeEpochs()
    {
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        using Tensor x = Ops.RandomUniform([96, 6], seed: 3);
        using Tensor y = Ops.RandomUniform([96, 3], seed: 4);
        Model Compiled()
        {
            // No Dropout: the resumed run must not depend on the random stream, only on the restored state.
            var m = new Sequential([new Input([6]), new Dense(8, activation: "relu"), new Dense(3)]);
            m.Compile(optimizer: "adam", loss: "mse");
            return m;
        }

        KerasBackend.SetRandomSeed(11);
        Model straight = Compiled();
        straight.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false);
        KerasBackend.SetRandomSeed(11);
        Model first = Compiled();
        first.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, shuffle: false);
        first.Save(dir.File("resume.keras"));
        Model resumed = Model.Load(dir.File("resume.keras"));
        KerasBackend.SetRandomSeed(11);
        resumed.Fit(x, y, batchSize: 16, epochs: 3, initialEpoch: 2, verbose: 0, shuffle: false);

        for (int i = 0; i < straight.Weights.Count; i++)
        {
            float[] s = straight.Weights[i].ToArray(), r = resumed.Weights[i].ToArray();
            Assert.All(s.Zip(r), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-6, $"{p.First} vs {p.Second}"));
        }
    }

    [Fact]
    public void WeightsH5_RoundTripsInKeras3Layout()
    {
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        Model model = Make("sequential");
        string path = dir.File("w.weights.h5");
        model.SaveWeights(path);
        Model other = Make("sequential");

        other.LoadWeights(path).AssertConsumed();

        Assert.Equal(model.Weights.Select(w => w.ToArray()), other.Weights.Select(w => w.ToArray()));
    }

    [FixtureFact]
    public void WrittenArchive_HasTheEntriesKeysAndTreeOfAKeras3File()
    {
        // keras3/k392_seq_dense_leakyrelu.keras: Sequential Input(2), Dense(128, relu), Dropout, Dense(64), LeakyReLU,
        // Dense(32), LeakyReLU, Dense(2); Adam, mse.
        using var dir = new Keras.Net.Tests.Saving.TempDirectory();
        var model = new Sequential([
            new Input([2]), new Dense(128, activation: "relu", kernelInitializer: "he_normal"), new Dropout(0.2), new Dense(64), new LeakyReLU(0.2),
            new Dense(32), new LeakyReLU(0.2), new Dense(2),
        ]);
        model.Compile(optimizer: "adam", loss: "mse");
        using (Tensor x = Ops.RandomNormal([4, 2], seed: 1))
        using (Tensor y = Ops.RandomNormal([4, 2], seed: 2))
        {
            model.Fit(x, y, epochs: 1, verbose: 0);
        }

        string ours = dir.File("ours.keras");
        model.Save(ours);

        using ZipArchive theirs = ZipFile.OpenRead(Fixtures.PathOf("keras3/k392_seq_dense_leakyrelu.keras"));
        using ZipArchive mine = ZipFile.OpenRead(ours);
        Assert.Equal(theirs.Entries.Select(e => e.FullName), mine.Entries.Select(e => e.FullName));
        Assert.All(mine.Entries, e => Assert.Equal(e.Length, e.CompressedLength));

        JsonNode a = JsonNode.Parse(Read(theirs, "config.json"))!, b = JsonNode.Parse(Read(mine, "config.json"))!;
        var keysA = KeySets(a);
        var keysB = KeySets(b);
        Assert.True(keysA.SequenceEqual(keysB), "key sets differ:\n- " + string.Join("\n- ", keysA.Except(keysB)) + "\n+ " + string.Join("\n+ ", keysB.Except(keysA)));
        Assert.Equal(JsonNode.Parse(Read(theirs, "metadata.json"))!.AsObject().Select(kv => kv.Key), JsonNode.Parse(Read(mine, "metadata.json"))!.AsObject().Select(kv => kv.Key));
        Assert.Equal(Tree(theirs), Tree(mine));
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Every JSON object's key set with its path (class-specific config keys included), DTypePolicy objects as their name.</summary>
    private static List<string> KeySets(JsonNode node)
    {
        var result = new List<string>();
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o when (string?)o["class_name"] == "DTypePolicy":
                    break;
                case JsonObject o:
                    result.Add(path + " {" + string.Join(",", o.Select(kv => kv.Key).Where(k => k != "shared_object_id").Order(StringComparer.Ordinal)) + "}");
                    foreach (var (k, v) in o)
                    {
                        Walk(v, path + "." + k);
                    }

                    break;
                case JsonArray arr:
                    for (int i = 0; i < arr.Count; i++)
                    {
                        Walk(arr[i], path + "[" + i + "]");
                    }

                    break;
            }
        }

        Walk(node, "$");
        return result;
    }

    private static List<string> Tree(ZipArchive zip)
    {
        string temp = Path.GetTempFileName();
        try
        {
            using (Stream s = zip.GetEntry("model.weights.h5")!.Open())
            using (FileStream f = File.Create(temp))
            {
                s.CopyTo(f);
            }

            using var h5 = PureHDF.H5File.OpenRead(temp);
            var result = new List<string>();
            void Walk(PureHDF.IH5Group g, string path)
            {
                foreach (PureHDF.IH5Object child in g.Children())
                {
                    string p = path + "/" + child.Name;
                    result.Add(p);
                    if (child is PureHDF.IH5Group sub)
                    {
                        Walk(sub, p);
                    }
                }
            }

            Walk(h5, string.Empty);
            return result.Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
