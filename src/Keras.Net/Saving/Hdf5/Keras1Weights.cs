// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using PureHDF;

namespace Keras.Net.Saving.Hdf5;

/// <summary>
/// Keras 1 weight layouts that differ from Keras 2, converted as Keras 2's own legacy loader did: an LSTM's twelve
/// gate matrices (<c>..._W_i</c>, <c>_U_i</c>, <c>_b_i</c>, ... for i, c, f, o) merged per kind in the order
/// i, f, c, o; a Bidirectional's 24 (forward then backward); a Convolution1D kernel <c>(k, 1, in, filters)</c>
/// reshaped to <c>(k, in, filters)</c>.
/// </summary>
internal static class Keras1Weights
{
    /// <summary>The converted (variable, value) pairs, or null when the layer's saved weights need no conversion.</summary>
    internal static List<(Variable, Tensor)>? Convert(Layer layer, Hdf5Reader reader, IH5Group group, string groupPath, List<string> names) =>
        Convert(layer, reader, name => (reader.Dataset(group, name), $"{groupPath}/{name}"), groupPath, names);

    /// <summary>
    /// The same conversion with each Keras 1 weight's values read from wherever <paramref name="open"/> finds them
    /// (the optimizer's slot for that weight, when restoring Keras 1 optimizer state).
    /// </summary>
    internal static List<(Variable, Tensor)>? Convert(Layer layer, Hdf5Reader reader, Func<string, (IH5Dataset Dataset, string Path)> open, string groupPath, List<string> names)
    {
        IReadOnlyList<Variable> vars = layer.Weights;
        switch (layer)
        {
            case LSTM when vars.Count == 3 && names.Count == 12:
                return Lstm(reader, open, groupPath, names, vars);
            case Bidirectional { ForwardLayer: LSTM } when vars.Count == 6 && names.Count == 24:
                var forward = names.Where(n => n.Contains("forward", StringComparison.Ordinal)).ToList();
                var backward = names.Where(n => n.Contains("backward", StringComparison.Ordinal)).ToList();
                if (forward.Count != 12 || backward.Count != 12)
                {
                    throw reader.Error($"Keras 1 Bidirectional weights should be 12 forward_* and 12 backward_* gate matrices; found {string.Join(", ", names)}.", groupPath + "@weight_names");
                }

                return [.. Lstm(reader, open, groupPath, forward, vars.Take(3).ToList()), .. Lstm(reader, open, groupPath, backward, vars.Skip(3).ToList())];
            case Conv1D when vars.Count >= 1 && names.Count == vars.Count:
                var (ds, dsPath) = open(names[0]);
                long[] shape = ds.Space.Dimensions.Select(d => (long)d).ToArray();
                if (shape.Length != 4 || shape[1] != 1)
                {
                    return null;
                }

                using (Tensor raw = reader.Tensor(ds, shape, dsPath))
                {
                    var result = new List<(Variable, Tensor)> { (vars[0], Checked(reader, Ops.Reshape(raw, [shape[0], shape[2], shape[3]]), vars[0], groupPath)) };
                    for (int i = 1; i < vars.Count; i++)
                    {
                        var (other, otherPath) = open(names[i]);
                        long[] otherShape = other.Space.Dimensions.Select(d => (long)d).ToArray();
                        result.Add((vars[i], Checked(reader, reader.Tensor(other, otherShape, otherPath), vars[i], groupPath)));
                    }

                    return result;
                }

            default:
                return null;
        }
    }

    private static List<(Variable, Tensor)> Lstm(Hdf5Reader reader, Func<string, (IH5Dataset Dataset, string Path)> open, string groupPath, List<string> names, IReadOnlyList<Variable> vars)
    {
        string[] kinds = ["W", "U", "b"];
        var result = new List<(Variable, Tensor)>();
        for (int v = 0; v < 3; v++)
        {
            var parts = new List<Tensor>();
            foreach (char gate in "ifco")
            {
                string suffix = $"_{kinds[v]}_{gate}";
                string name = names.SingleOrDefault(w => w.Split(':')[0].EndsWith(suffix, StringComparison.Ordinal))
                    ?? throw reader.Error($"Keras 1 LSTM weight '*{suffix}' is missing; found {string.Join(", ", names)}.", groupPath + "@weight_names");
                var (ds, dsPath) = open(name);
                long[] shape = ds.Space.Dimensions.Select(d => (long)d).ToArray();
                parts.Add(reader.Tensor(ds, shape, dsPath));
            }

            Tensor merged = Ops.Concatenate(parts, -1);
            parts.ForEach(p => p.Dispose());
            result.Add((vars[v], Checked(reader, merged, vars[v], groupPath)));
        }

        return result;
    }

    private static Tensor Checked(Hdf5Reader reader, Tensor value, Variable target, string groupPath)
    {
        if (!Ops.ShapeOf(value).SequenceEqual(target.Shape))
        {
            Shape actual = Ops.ShapeOf(value);
            value.Dispose();
            throw reader.Error($"Keras 1 weights convert to shape {actual}, but {target.Name} has shape {target.Shape}.", groupPath);
        }

        return value;
    }
}
