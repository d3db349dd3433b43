// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net.Layers;
using Keras.Net.Models;

namespace Keras.Net;

/// <summary>Prints tf.keras 2.11's model summary table (<c>print_summary</c>), row wrapping included.</summary>
internal static class SummaryPrinter
{
    internal static void Print(Model model, TextWriter writer, int? lineLength, IReadOnlyList<double>? positions)
    {
        if (!model.Built)
        {
            throw new InvalidOperationException(
                "This model has not yet been built. Build the model first by calling `EnsureBuilt()` or by calling the model on a batch of data.");
        }

        FunctionalGraph? graph = model.Graph;
        bool sequentialLike = model is Sequential || graph is null || graph.IsSequentialLike;
        int length;
        int[] cols;
        string[] header;
        if (sequentialLike)
        {
            length = lineLength ?? 65;
            cols = Positions(positions ?? [0.45, 0.85, 1.0], length);
            header = ["Layer (type)", "Output Shape", "Param #"];
        }
        else
        {
            length = lineLength ?? 98;
            cols = Positions(positions ?? [0.33, 0.55, 0.67, 1.0], length);
            header = ["Layer (type)", "Output Shape", "Param #", "Connected to"];
        }

        writer.WriteLine($"Model: \"{model.Name}\"");
        writer.WriteLine(new string('_', length));
        PrintRow(writer, header, cols);
        writer.WriteLine(new string('=', length));
        IReadOnlyList<Layer> layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            Layer layer = layers[i];
            var fields = new List<string> { $"{layer.Name} ({layer.GetType().Name})", layer.OutputShapeText, ParamText(layer) };
            if (!sequentialLike)
            {
                fields.Add(Connections(layer, graph!));
            }

            PrintRow(writer, fields, cols);
            if (i < layers.Count - 1)
            {
                writer.WriteLine(new string(' ', length));
            }
        }

        writer.WriteLine(new string('=', length));
        long trainable = model.TrainableWeights.Sum(w => w.Shape.NumElements() ?? 0);
        long nonTrainable = model.NonTrainableWeights.Sum(w => w.Shape.NumElements() ?? 0);
        writer.WriteLine($"Total params: {Thousands(trainable + nonTrainable)}");
        writer.WriteLine($"Trainable params: {Thousands(trainable)}");
        writer.WriteLine($"Non-trainable params: {Thousands(nonTrainable)}");
        writer.WriteLine(new string('_', length));
    }

    private static int[] Positions(IReadOnlyList<double> positions, int length) =>
        positions[^1] <= 1 ? positions.Select(p => (int)(length * p)).ToArray() : positions.Select(p => (int)p).ToArray();

    private static string ParamText(Layer layer) =>
        !layer.Built ? "0 (unused)" : layer.CountParams().ToString(CultureInfo.InvariantCulture);

    private static string Thousands(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Connections(Layer layer, FunctionalGraph graph)
    {
        var items = new List<string>();
        foreach (Node node in layer.InboundNodes.Where(graph.NetworkNodes.Contains))
        {
            foreach (KerasTensor t in node.InputTensors)
            {
                items.Add($"'{t.SourceLayer!.Name}[{t.Node!.Index}][{t.TensorIndex}]'");
            }
        }

        return "[" + string.Join(", ", items) + "]";
    }

    // tf.keras's print_row: each column is cut to fit (breaking after "),", "},", "],", "',"), and the rest
    // continues on the next line until every column is printed.
    private static void PrintRow(TextWriter writer, IReadOnlyList<string> fields, int[] positions)
    {
        string[] left = fields.ToArray();
        string[] breaks = ["),", "},", "],", "',"];
        while (left.Any(s => s.Length > 0))
        {
            var line = new System.Text.StringBuilder();
            for (int col = 0; col < left.Length; col++)
            {
                int start = col > 0 ? positions[col - 1] : 0;
                int space = col != positions.Length - 1 ? 2 : 0;
                int cutoff = positions[col] - start - space;

                string fit = left[col][..Math.Min(cutoff, left[col].Length)];
                var candidates = breaks.Where(b => fit.Contains(b, StringComparison.Ordinal))
                    .Select(b => fit.IndexOf(b, StringComparison.Ordinal) + b.Length).ToList();
                if (candidates.Count > 0)
                {
                    cutoff = candidates.Min();
                    fit = fit[..cutoff];
                }

                if (col == 0)
                {
                    line.Append(' ');
                }

                line.Append(fit);
                line.Append(' ', space);
                left[col] = left[col][Math.Min(cutoff, left[col].Length)..];
                int pad = positions[col] - line.Length;
                if (pad > 0)
                {
                    line.Append(' ', pad);
                }
            }

            writer.WriteLine(line.ToString());
        }
    }
}
