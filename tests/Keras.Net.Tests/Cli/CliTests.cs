// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Cli;
using Keras.Net.Models;
using Keras.Net.Tests.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Cli;

/// <summary>The keras-net tool: every command, exit codes, and conversions of a real tf.keras file.</summary>
public sealed class CliTests : KerasTestBase
{
    private const string Fixture = "keras2-h5/k2100_iris_seq_dense_adam.h5";

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [FixtureFact]
    public void ConvertsARealH5ToEveryWrittenFormatAndBack_WithEqualPredictions()
    {
        using var dir = new TempDirectory();
        string source = Fixtures.PathOf(Fixture);
        Model original = Model.Load(source);
        using Tensor x = Ops.RandomUniform([6, 4], seed: 5);
        using Tensor expected = original.Predict(x);

        foreach (string target in new[] { "model.keras", "saved_model_dir", "copy.h5" })
        {
            string written = dir.File(target);
            var (code, _, err) = Run("convert", source, written);
            Assert.True(code == 0, err);
            string back = dir.File("back_from_" + target + ".h5");
            Assert.Equal(0, Run("convert", written, back).Code);

            foreach (string path in new[] { written, back })
            {
                using Model loaded = Model.Load(path);
                using Tensor actual = loaded.Predict(x);
                TensorAssert.Equal(expected, actual, atol: 0);
            }
        }
    }

    [FixtureFact]
    public void Inspect_ShowsFormatWriterLayersParametersAndOptimizer()
    {
        var (code, output, _) = Run("inspect", Fixtures.PathOf(Fixture));

        Assert.Equal(0, code);
        Assert.Contains("tf.keras HDF5", output, StringComparison.Ordinal);
        Assert.Contains("Keras 2.10.0", output, StringComparison.Ordinal);
        Assert.Contains("parameters: 67", output, StringComparison.Ordinal);
        Assert.Contains("Adam", output, StringComparison.Ordinal);
        Assert.Contains("dense_1", output, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void SummaryVerifyAndPlot_Work()
    {
        using var dir = new TempDirectory();
        string source = Fixtures.PathOf(Fixture);

        var summary = Run("summary", source);
        Assert.Equal(0, summary.Code);
        Assert.Contains("Total params: 67", summary.Out, StringComparison.Ordinal);

        var verify = Run("verify", source);
        Assert.Equal(0, verify.Code);
        Assert.Matches("sha256: +[0-9a-f]{64}", verify.Out);
        Assert.Contains("all finite", verify.Out, StringComparison.Ordinal);

        string svg = dir.File("model.svg");
        Assert.Equal(0, Run("plot", source, "-o", svg).Code);
        string picture = File.ReadAllText(svg);
        Assert.StartsWith("<svg", picture, StringComparison.Ordinal);
        Assert.Contains("dense_1 (Dense)", picture, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_GivesOneLineErrorsAndNonZeroCodes()
    {
        using var dir = new TempDirectory();
        string junk = dir.File("junk.h5");
        File.WriteAllText(junk, "not a model");

        var bad = Run("inspect", junk);
        Assert.Equal(1, bad.Code);
        Assert.StartsWith("keras-net: ", bad.Err, StringComparison.Ordinal);
        Assert.Single(bad.Err.TrimEnd().Split('\n'));

        Assert.Equal(2, Run("frobnicate").Code);
        Assert.Equal(2, Run().Code);
        Assert.Equal(1, Run("summary", dir.File("missing.h5")).Code);
    }
}
