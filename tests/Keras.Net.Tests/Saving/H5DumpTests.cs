// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Text.RegularExpressions;
using Keras.Net.Layers;
using System.Text.Json.Nodes;
using Keras.Net.Models;
using Keras.Net.Optimizers;
using Keras.Net.Saving;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving;

/// <summary>
/// Files written here, read by the reference HDF5 library (h5dump from Debian's hdf5-tools, installed by
/// .ci/run): same tree, attribute names, element types (string padding and character set included) and dataspaces as a real tf.keras 2.10 file of the
/// same model shape (keras2-h5/k2100_iris_seq_dense_adam.h5: Dense(8) and Dense(3) on 4 inputs, Adam).
/// </summary>
public sealed partial class H5DumpTests : KerasTestBase
{
    private static readonly string? H5Dump = new[] { "/usr/bin/h5dump", "/usr/local/bin/h5dump" }.FirstOrDefault(File.Exists);

    internal static string? H5DumpPath => H5Dump;

    [H5DumpFact]
    public void WrittenModel_MatchesARealTfKerasFileUnderH5Dump()
    {
        using var dir = new TempDirectory();
        var model = new Sequential([new Input([4], name: "dense_input"), new Dense(8, activation: "relu", name: "dense"), new Dense(3, activation: "softmax", name: "dense_1")]);
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        string ours = dir.File("ours.h5");
        model.Save(ours);

        var expected = Outline(Dump(Fixtures.PathOf("keras2-h5/k2100_iris_seq_dense_adam.h5")));
        var actual = Outline(Dump(ours));

        Assert.Contains("/model_weights/dense/dense/kernel:0 DATASET H5T_IEEE_F32LE SIMPLE { ( 4, 8 ) / ( 4, 8 ) }", expected);
        Assert.Contains("/model_weights@layer_names ATTRIBUTE STRING vlen H5T_STR_NULLTERM H5T_CSET_ASCII SIMPLE { ( 2 ) / ( 2 ) }", expected);
        Assert.Contains("/@model_config ATTRIBUTE STRING vlen H5T_STR_NULLTERM H5T_CSET_ASCII SCALAR", expected);
        Assert.Contains("/@keras_version ATTRIBUTE STRING vlen H5T_STR_NULLTERM H5T_CSET_UTF8 SCALAR", expected);

        // The optimizer groups differ by design: tf.keras 2.10 wrote the legacy optimizer's names.
        Assert.Equal(expected.Where(l => !l.Contains("optimizer_weights", StringComparison.Ordinal)), actual.Where(l => !l.Contains("optimizer_weights", StringComparison.Ordinal)));
        Assert.Contains(actual, l => l.StartsWith("/optimizer_weights/iteration:0 DATASET H5T_STD_I64LE SCALAR", StringComparison.Ordinal));
    }

    [H5DumpFact]
    public void LegacyOptimizerLayout_MatchesTheRealTfKeras210FileWhole()
    {
        // The same file as above, with the optimizer written as tf.keras 2.10 writes it: now nothing differs.
        using var dir = new TempDirectory();
        var model = new Sequential([new Input([4], name: "dense_input"), new Dense(8, activation: "relu", name: "dense"), new Dense(3, activation: "softmax", name: "dense_1")]);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        using (Tensor x = Ops.RandomUniform([6, 4], seed: 1), y = Ops.FromArray([1f, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1], [6, 3]))
        {
            model.Fit(x, y, epochs: 1, verbose: 0);
        }

        string ours = dir.File("ours.h5");
        model.Save(ours, new ModelSaveOptions(LegacyOptimizerLayout: true));

        string real = Fixtures.PathOf("keras2-h5/k2100_iris_seq_dense_adam.h5");
        Assert.Equal(Outline(Dump(real)), Outline(Dump(ours)));
        Assert.Equal(WeightNames(real), WeightNames(ours));
        var theirs = (JsonObject)JsonNode.Parse(TrainingConfigOf(real))!["optimizer_config"]!["config"]!;
        var mine = (JsonObject)JsonNode.Parse(TrainingConfigOf(ours))!["optimizer_config"]!["config"]!;
        Assert.Equal(theirs.Select(kv => kv.Key), mine.Select(kv => kv.Key));

        // It reads back with its state (the legacy names are matched by name).
        using Model loaded = Model.Load(ours);
        Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
        Assert.Equal(model.Optimizer.SlotsFor(model.Layers[0].Weights[0])[1].ToArray(), loaded.Optimizer.SlotsFor(loaded.Layers[0].Weights[0])[1].ToArray());
        Assert.Throws<ArgumentException>(() => model.Save(dir.File("m.keras"), new ModelSaveOptions(LegacyOptimizerLayout: true)));
    }

    private static string[] WeightNames(string path)
    {
        using var h5 = PureHDF.H5File.OpenRead(path);
        return ((PureHDF.IH5Group)h5.Get("optimizer_weights")).Attribute("weight_names").Read<string[]>();
    }

    private static string TrainingConfigOf(string path)
    {
        using var h5 = PureHDF.H5File.OpenRead(path);
        return h5.Attribute("training_config").Read<string>();
    }

    [H5DumpFact]
    public void WrittenWeightsFile_UsesBytesStringTypesAtTheRoot()
    {
        // tf.keras's save_weights passes bytes for the root keras_version/backend (formats.md 1.2): vlen ASCII, NULLTERM.
        using var dir = new TempDirectory();
        var model = new Sequential([new Input([4]), new Dense(2, name: "dense")]);
        string ours = dir.File("w.h5");
        model.SaveWeights(ours);

        var actual = Outline(Dump(ours));

        Assert.Contains("/@keras_version ATTRIBUTE STRING vlen H5T_STR_NULLTERM H5T_CSET_ASCII SCALAR", actual);
        Assert.Contains("/@layer_names ATTRIBUTE STRING vlen H5T_STR_NULLTERM H5T_CSET_ASCII SIMPLE { ( 1 ) / ( 1 ) }", actual);
        Assert.Contains("/dense@weight_names ATTRIBUTE STRING vlen H5T_STR_NULLTERM H5T_CSET_ASCII SIMPLE { ( 2 ) / ( 2 ) }", actual);
    }

    private static string Dump(string path)
    {
        using var p = Process.Start(new ProcessStartInfo(H5Dump!, ["-H", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"h5dump failed on {path}: {p.StandardError.ReadToEnd()}");
        return text;
    }

    /// <summary>One line per group, dataset and attribute: path, kind, element type (strings: fixed or variable, padding, character set), dataspace.</summary>
    private static List<string> Outline(string dump)
    {
        var lines = new List<string>();
        var stack = new List<string>();
        string[] rows = dump.Split('\n');
        for (int i = 0; i < rows.Length; i++)
        {
            string row = rows[i].Trim();
            Match m = Header().Match(row);
            if (m.Success)
            {
                string kind = m.Groups[1].Value, name = m.Groups[2].Value;
                string parent = "/" + string.Join("/", stack.Where(x => x.Length > 0));
                string path = kind == "GROUP" && name == "/" ? "/" : (parent == "/" ? "/" : parent + "/") + name;
                string type = string.Empty, space = string.Empty;
                int depth = 0;
                for (int j = i + 1; j < rows.Length && kind != "GROUP"; j++)
                {
                    string r = rows[j].Trim();
                    if (r.StartsWith("DATATYPE", StringComparison.Ordinal))
                    {
                        type = r.Contains("H5T_STRING", StringComparison.Ordinal) ? "STRING" : r["DATATYPE".Length..].Trim();
                    }
                    else if (r.StartsWith("STRSIZE", StringComparison.Ordinal))
                    {
                        type += r.Contains("H5T_VARIABLE", StringComparison.Ordinal) ? " vlen" : " fixed";
                    }
                    else if (r.StartsWith("STRPAD", StringComparison.Ordinal) || r.StartsWith("CSET", StringComparison.Ordinal))
                    {
                        type += " " + r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd(';');
                    }
                    else if (r.StartsWith("DATASPACE", StringComparison.Ordinal))
                    {
                        space = r["DATASPACE".Length..].Trim();
                        break;
                    }

                    depth++;
                }

                lines.Add($"{(kind == "ATTRIBUTE" ? parent + "@" + name : path)} {kind} {type} {space}".TrimEnd());
                if (kind == "GROUP")
                {
                    stack.Add(name == "/" ? string.Empty : name);
                }
            }
            else if (row == "}" && stack.Count > 0 && IsGroupClose(rows, i))
            {
                stack.RemoveAt(stack.Count - 1);
            }
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsGroupClose(string[] rows, int index)
    {
        // A closing brace at the indentation of a GROUP line closes that group.
        int indent = rows[index].Length - rows[index].TrimStart().Length;
        for (int k = index - 1; k >= 0; k--)
        {
            string r = rows[k];
            int ind = r.Length - r.TrimStart().Length;
            if (ind == indent && r.TrimStart().StartsWith("GROUP", StringComparison.Ordinal))
            {
                return true;
            }

            if (ind == indent && r.Trim().Length > 0 && r.Trim() != "}")
            {
                return false;
            }
        }

        return false;
    }

    [GeneratedRegex("^(GROUP|DATASET|ATTRIBUTE) \"(.*)\" \\{$")]
    private static partial Regex Header();
}

/// <summary>Skipped, with the reason, when h5dump or ../shared/fixtures is missing.</summary>
public sealed class H5DumpFactAttribute : FactAttribute
{
    public H5DumpFactAttribute()
    {
        if (H5DumpTests.H5DumpPath is null)
        {
            Skip = "h5dump is not installed (.ci/run installs Debian's hdf5-tools).";
        }
        else if (Fixtures.Folder is null)
        {
            Skip = "../shared/fixtures is absent.";
        }
    }
}
