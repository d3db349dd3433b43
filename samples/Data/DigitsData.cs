// SPDX-License-Identifier: Apache-2.0
// Loader for the embedded UCI digits data (see README.md in this folder). Compiled into the samples,
// tests and benchmarks; the library itself ships no data.
using System.Globalization;
using System.IO.Compression;
using Keras.Net;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Keras.Net.Samples.Data;

/// <summary>The 1797 8x8 digit images: 64 pixels in [0, 1] and a label 0..9 per row.</summary>
internal static class DigitsData
{
    /// <summary>Reads digits.csv.gz (from the application folder unless a path is given).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Pixels (n x 64) and labels (n).</returns>
    public static (float[] Pixels, long[] Labels) Read(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "digits.csv.gz");
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var pixels = new List<float>();
        var labels = new List<long>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (cells.Length != 65)
            {
                throw new InvalidDataException($"{path}: line {labels.Count + 1} has {cells.Length} fields; expected 64 pixels and a label.");
            }

            for (int i = 0; i < 64; i++)
            {
                pixels.Add(float.Parse(cells[i], CultureInfo.InvariantCulture) / 16f);
            }

            labels.Add(long.Parse(cells[64], CultureInfo.InvariantCulture));
        }

        return (pixels.ToArray(), labels.ToArray());
    }

    /// <summary>The data as tensors: x (n, 64) float32 and y (n,) int64 class indices.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors; the caller owns them.</returns>
    public static (TorchTensor X, TorchTensor Y) Load(string? path = null)
    {
        var (pixels, labels) = Read(path);
        return (Ops.FromArray(pixels, [labels.Length, 64]), Ops.FromArray(labels, [labels.Length]));
    }
}
