// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Saving;
using Tensor = TorchSharp.torch.Tensor;

namespace Keras.Net.Cli;

/// <summary>The <c>keras-net</c> commands. Exit codes: 0 success, 1 bad file or failed check, 2 bad usage.</summary>
internal static class CliApp
{
    private const string Usage = """
        usage: keras-net <command> [arguments]
          inspect <path>                 format, writer's versions, layers, parameter counts, optimizer
          summary <path>                 the model's Keras summary table
          convert <in> <out> [--format h5|tf|keras]   load and save in another format (chosen by <out>'s suffix)
          verify <path>                  load, checksum the weights, run a sample prediction
          plot <path> -o <model.svg>     draw the architecture as an SVG picture
        """;

    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            return args[0] switch
            {
                "inspect" when args.Length == 2 => Inspect(args[1], output),
                "summary" when args.Length == 2 => Summary(args[1], output),
                "convert" when args.Length is 3 or 5 => Convert(args[1], args[2], args.Length == 5 && args[3] == "--format" ? args[4] : null, output),
                "verify" when args.Length == 2 => Verify(args[1], output),
                "plot" when args.Length == 4 && args[2] == "-o" => Plot(args[1], args[3], output),
                _ => BadUsage(args[0], error),
            };
        }
        catch (Exception e) when (e is KerasFormatException or IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"keras-net: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static int BadUsage(string command, TextWriter error)
    {
        error.WriteLine($"keras-net: unknown command or wrong arguments for '{command}'. Run 'keras-net --help'.");
        return 2;
    }

    private static int Inspect(string path, TextWriter output)
    {
        ModelFileInfo info = ModelFileInfo.Read(path);
        using Model model = Model.Load(path, compile: true);
        output.WriteLine($"file:       {path}");
        output.WriteLine($"format:     {info.Format}");
        output.WriteLine($"written by: {info.Writer}");
        output.WriteLine($"model:      {model.Name} ({model.GetType().Name})");
        output.WriteLine($"parameters: {model.CountParams().ToString("N0", CultureInfo.InvariantCulture)} ({Count(model.TrainableWeights).ToString("N0", CultureInfo.InvariantCulture)} trainable)");
        output.WriteLine($"optimizer:  {(model.Optimizer is { } o ? $"{o.GetType().Name} (iterations {o.Iterations})" : "none (not compiled)")}");
        output.WriteLine("layers:");
        foreach (Layer layer in model.Layers)
        {
            output.WriteLine($"  {layer.Name,-28} {layer.GetType().Name,-22} {Count(layer.Weights).ToString("N0", CultureInfo.InvariantCulture),12}");
        }

        return 0;
    }

    private static int Summary(string path, TextWriter output)
    {
        using Model model = Model.Load(path, compile: false);
        model.Summary(output);
        return 0;
    }

    private static int Convert(string input, string target, string? format, TextWriter output)
    {
        using Model model = Model.Load(input);
        model.Save(target, saveFormat: format);
        output.WriteLine($"converted {input} -> {target}");
        return 0;
    }

    private static int Verify(string path, TextWriter output)
    {
        using Model model = Model.Load(path, compile: false);
        using var sha = SHA256.Create();
        foreach (Variable w in model.Weights)
        {
            byte[] bytes = w.ToArray().SelectMany(BitConverter.GetBytes).ToArray();
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        output.WriteLine($"loaded:   {model.Name}, {model.Weights.Count} weights, {model.CountParams().ToString("N0", CultureInfo.InvariantCulture)} parameters");
        output.WriteLine($"sha256:   {System.Convert.ToHexString(sha.Hash!).ToLowerInvariant()} (weights in order, float32)");
        if (SampleInput(model) is { } sample)
        {
            using Tensor x = sample;
            using Tensor y = model.Predict(x);
            float[] values = Ops.ToFloatArray(y);
            bool finite = values.All(float.IsFinite);
            output.WriteLine($"predict:  input {Ops.ShapeOf(x)} -> output {Ops.ShapeOf(y)}, {(finite ? "all finite" : "NON-FINITE values")}");
            return finite ? 0 : 1;
        }

        output.WriteLine("predict:  skipped (the model's input shape is not known)");
        return 0;
    }

    private static int Plot(string path, string svg, TextWriter output)
    {
        using Model model = Model.Load(path, compile: false);
        File.WriteAllText(svg, ModelPlot.Svg(model));
        output.WriteLine($"wrote {svg}");
        return 0;
    }

    private static Tensor? SampleInput(Model model)
    {
        IReadOnlyList<long?>? shape = model.Inputs.Count == 1 ? model.Inputs[0].Shape : null;
        return shape is null || shape.Skip(1).Any(d => d is null) ? null : Ops.Zeros([2, .. shape.Skip(1).Select(d => d!.Value)]);
    }

    private static long Count(IReadOnlyList<Variable> weights) => weights.Sum(w => w.Shape.NumElements() ?? 0);
}
