// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Text.Json.Nodes;
using Keras.Net.Layers;
using Keras.Net.Losses;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.KerasV3;

/// <summary>
/// The compile configs Keras releases write, each put into a <c>.keras</c> archive's <c>config.json</c> (Keras 3.0-3.9
/// serialize the optimizer and losses as objects; 3.10+ keep what the user passed, so an optimizer may be the
/// string <c>"adam"</c>, and add <c>run_eagerly</c>, <c>steps_per_execution</c>, <c>jit_compile</c>,
/// <c>auto_scale_loss</c>), and tf.keras 2's <c>training_config</c> forms (Huber with <c>reduction: "auto"</c>).
/// </summary>
public sealed class CompileConfigDialectTests : KerasTestBase
{
    public static TheoryData<string, string, string> CompileConfigs => new()
    {
        {
            // Keras 3.10+: strings as the user passed them, the new top-level keys.
            """{"optimizer": "adam", "loss": "mse", "loss_weights": null, "metrics": ["mae"], "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false, "auto_scale_loss": true}""",
            nameof(Adam), "mse"
        },
        {
            // Keras 3.0-3.9: serialized objects with module and registered_name; Keras 3 optimizer fields.
            """{"optimizer": {"module": "keras.optimizers", "class_name": "RMSprop", "config": {"name": "rmsprop", "learning_rate": 0.0005, "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": false}, "registered_name": null}, "loss": {"module": "keras.losses", "class_name": "MeanSquaredError", "config": {"name": "mean_squared_error", "reduction": "sum_over_batch_size"}, "registered_name": null}, "loss_weights": null, "metrics": [{"module": "keras.metrics", "class_name": "MeanAbsoluteError", "config": {"name": "mean_absolute_error", "dtype": "float32"}, "registered_name": null}], "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": true}""",
            nameof(RMSprop), "mean_squared_error"
        },
        {
            // A loss given as a plain function (Keras 3 writes class_name "function"), the optimizer by a capitalised string.
            """{"optimizer": "SGD", "loss": {"module": "keras.losses", "class_name": "function", "config": "mean_absolute_error", "registered_name": "function"}, "loss_weights": null, "metrics": null, "weighted_metrics": null}""",
            nameof(SGD), "mean_absolute_error"
        },
        {
            // Huber as tf.keras 2.x serializes it (reduction "auto") and as Keras 3 does (with dtype).
            """{"optimizer": "adam", "loss": {"class_name": "Huber", "config": {"reduction": "auto", "name": "huber_loss", "delta": 2.0}}, "metrics": []}""",
            nameof(Adam), "huber_loss"
        },
        {
            """{"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.001}, "registered_name": null}, "loss": {"module": "keras.losses", "class_name": "Huber", "config": {"name": "huber_loss", "reduction": "sum_over_batch_size", "dtype": null, "delta": 2.0}, "registered_name": null}, "metrics": null}""",
            nameof(Adam), "huber_loss"
        },
    };

    [Theory]
    [MemberData(nameof(CompileConfigs))]
    public void KerasArchive_WithThisCompileConfig_LoadsCompiled(string compileConfig, string optimizer, string loss)
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.keras");
        using (var model = new Sequential([new Input([3]), new Dense(1, name: "dense")]))
        {
            model.Compile(optimizer: "adam", loss: "mse");
            model.Save(path);
        }

        RewriteConfig(path, config => config["compile_config"] = JsonNode.Parse(compileConfig));

        using Model loaded = Model.Load(path);

        Assert.Equal(optimizer, loaded.Optimizer!.GetType().Name);
        Assert.Equal(loss, loaded.CompiledLosses[0]!.Name);
        if (loaded.CompiledLosses[0] is Huber huber)
        {
            Assert.Equal(2.0, huber.Delta);
        }

        // It trains: one epoch on a few samples runs through the compiled loss and optimizer.
        using Tensor x = Ops.RandomUniform([4, 3], seed: 1);
        using Tensor y = Ops.RandomUniform([4, 1], seed: 2);
        var history = loaded.Fit(x, y, epochs: 1, verbose: 0);
        Assert.True(double.IsFinite(history["loss"][0]));
    }

    [Fact]
    public void CompileConfig_WithoutAnOptimizer_FailsNamingThePath()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.keras");
        using (var model = new Sequential([new Input([3]), new Dense(1)]))
        {
            model.Compile(optimizer: "adam", loss: "mse");
            model.Save(path);
        }

        RewriteConfig(path, config => config["compile_config"] = JsonNode.Parse("""{"loss": "mse"}"""));

        var e = Assert.Throws<KerasFormatException>(() => Model.Load(path));
        Assert.Contains("compile_config", e.Message, StringComparison.Ordinal);
        Assert.Contains("optimizer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyTrainingConfig_InKeras3Form_NamesTheOptimizerOptimizer()
    {
        // A legacy .h5 written by Keras 3 carries its compile config as training_config: "optimizer", not "optimizer_config".
        using var model = new Sequential([new Input([3]), new Dense(1)]);
        var config = (JsonObject)JsonNode.Parse("""{"optimizer": "adagrad", "loss": "mae", "metrics": ["mse"], "loss_weights": null, "weighted_metrics": null, "run_eagerly": false}""")!;

        Keras.Net.Saving.Hdf5.TrainingConfig.Apply(model, config, new Keras.Net.Serialization.DeserializationContext(null, "m.h5"), "/@training_config");

        Assert.IsType<Adagrad>(model.Optimizer);
        Assert.Equal("mae", model.CompiledLosses[0]!.Name);
        Assert.Equal(["mse"], model.CompiledMetricSpecs);
    }

    internal static void RewriteConfig(string path, Action<JsonObject> change)
    {
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update);
        ZipArchiveEntry entry = zip.GetEntry("config.json")!;
        JsonObject config;
        using (var reader = new StreamReader(entry.Open()))
        {
            config = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        }

        change(config);
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("config.json", CompressionLevel.NoCompression).Open());
        writer.Write(config.ToJsonString());
    }
}
