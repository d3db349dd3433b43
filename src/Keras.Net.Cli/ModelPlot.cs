// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Net;
using System.Text;
using Keras.Net.Layers;
using Keras.Net.Models;

namespace Keras.Net.Cli;

/// <summary>The architecture as an SVG picture (like <c>keras.utils.plot_model</c>): one box per layer with its class and output shape, arrows between calls.</summary>
internal static class ModelPlot
{
    private const int Width = 320, Height = 54, Gap = 36, Margin = 20;

    internal static string Svg(Model model)
    {
        IReadOnlyList<Layer> layers = model.Layers;
        var index = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < layers.Count; i++)
        {
            index[layers[i]] = i;
        }

        var edges = new List<(int From, int To)>();
        for (int i = 0; i < layers.Count; i++)
        {
            foreach (Layer source in Inbound(model, layers, i))
            {
                if (index.TryGetValue(source, out int from))
                {
                    edges.Add((from, i));
                }
            }
        }

        int height = (Margin * 2) + (layers.Count * (Height + Gap)) - Gap;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width + (Margin * 2)}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.Append("<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"10\" refX=\"9\" refY=\"3\" orient=\"auto\"><path d=\"M0,0 L9,3 L0,6 z\" fill=\"#444\"/></marker></defs>\n");
        foreach (var (from, to) in edges)
        {
            int y1 = Margin + (from * (Height + Gap)) + Height, y2 = Margin + (to * (Height + Gap));
            int x = Margin + (Width / 2) + ((to - from - 1) * 12);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2 - 2}\" stroke=\"#444\" marker-end=\"url(#arrow)\"/>\n");
        }

        for (int i = 0; i < layers.Count; i++)
        {
            int y = Margin + (i * (Height + Gap));
            string shape = OutputShape(layers[i]);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Margin}\" y=\"{y}\" width=\"{Width}\" height=\"{Height}\" rx=\"6\" fill=\"#eef3fb\" stroke=\"#3b6fb6\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin + 10}\" y=\"{y + 21}\" font-weight=\"bold\">{WebUtility.HtmlEncode(layers[i].Name)} ({WebUtility.HtmlEncode(layers[i].GetType().Name)})</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin + 10}\" y=\"{y + 41}\">output: {WebUtility.HtmlEncode(shape)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static IEnumerable<Layer> Inbound(Model model, IReadOnlyList<Layer> layers, int i)
    {
        if (model is Sequential || !model.IsGraphNetwork)
        {
            return i == 0 ? [] : [layers[i - 1]];
        }

        return layers[i].InboundNodes.SelectMany(n => n.InputTensors).Select(t => t.SourceLayer).OfType<Layer>().Distinct();
    }

    private static string OutputShape(Layer layer)
    {
        try
        {
            return layer.Output.Shape.ToString();
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
