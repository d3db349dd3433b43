// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;

namespace Keras.Net.Fuzz.Tests;

/// <summary>
/// The kill tests' child: saves the base model over and over to one path, every weight set to the save's number, and
/// prints <c>SAVED n</c> after each save returns. The parent kills it with SIGKILL at a random moment or, through
/// <see cref="FileCommit.BeforeRename"/>, exactly at the n-th rename.
/// </summary>
internal static class SaveLoop
{
    /// <summary>With <paramref name="killAtRename"/> = -1: one save of value 6, printing the exception type if it fails (the disk-full tests).</summary>
    internal static int Run(string format, string path, int killAtRename)
    {
        TorchSharp.torch.set_num_threads(1);
        using Model model = BaseFiles.Build();
        model.Predict(Ops.Zeros([1, BaseFiles.Features])).Dispose();
        if (killAtRename < 0)
        {
            Fill(model, 6);
            try
            {
                Save(model, format, path);
                Console.Out.WriteLine("SAVED 6");
                return 0;
            }
            catch (Exception e)
            {
                Console.Out.WriteLine($"FAILED {e.GetType().FullName}: {e.Message.Split('\n')[0]}");
                Console.Error.WriteLine(e.ToString());
                return 3;
            }
        }

        int renames = 0;
        if (killAtRename > 0)
        {
            FileCommit.BeforeRename = _ =>
            {
                if (++renames == killAtRename)
                {
                    System.Diagnostics.Process.GetCurrentProcess().Kill();
                }
            };
        }

        for (int i = 1; ; i++)
        {
            Fill(model, i);
            Save(model, format, path);
            Console.Out.WriteLine($"SAVED {i}");
            Console.Out.Flush();
        }
    }

    /// <summary>Every weight of the model set to <paramref name="value"/>.</summary>
    internal static void Fill(Model model, float value) =>
        model.SetWeights(model.GetWeights().Select(w => Ops.Full(Ops.ShapeOf(w).ToArray(), value, Ops.DTypeOf(w))).ToList());

    internal static void Save(Model model, string format, string path)
    {
        if (format == "ckpt")
        {
            model.SaveWeights(path);
        }
        else
        {
            model.Save(path, includeOptimizer: false, saveTraces: format == "tf");
        }
    }

    /// <summary>Loads what a save left at <paramref name="path"/> and returns the value every weight holds (they must agree).</summary>
    internal static float Check(string format, string path)
    {
        using Model model = format == "ckpt" ? BaseFiles.Build() : Model.Load(path, compile: false);
        if (format == "ckpt")
        {
            model.LoadWeights(path);
        }

        float[] all = model.GetWeights().SelectMany(Ops.ToFloatArray).ToArray();
        return all.All(v => v == all[0]) ? all[0] : throw new InvalidDataException($"{path} mixes saves: weights hold {string.Join(", ", all.Distinct().Take(5))}.");
    }
}
