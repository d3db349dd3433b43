// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Keras.Net.Layers;

/// <summary>
/// The base of ZeroPadding1D/2D and Cropping1D/2D: one (before, after) pair per spatial axis, added as zeros or
/// removed, written to the config under the Keras argument name (a pair for 1-D, pairs for 2-D).
/// </summary>
public abstract class EdgePairsBase : SpatialReshapeBase
{
    private readonly (int Before, int After)[] _pairs;
    private readonly string _argument;
    private readonly bool _crop;

    /// <summary>Initializes the layer.</summary>
    /// <param name="rank">The number of spatial axes.</param>
    /// <param name="pairs">The argument as given (int, per-axis ints, or pairs).</param>
    /// <param name="argument"><c>padding</c> or <c>cropping</c>.</param>
    /// <param name="crop">Remove cells instead of adding zeros.</param>
    /// <param name="dataFormat">The data format.</param>
    /// <param name="name">The layer name.</param>
    protected EdgePairsBase(int rank, object pairs, string argument, bool crop, string dataFormat, string? name)
        : base(rank, dataFormat, name)
    {
        _pairs = SpatialArgs.Pairs(pairs, rank, argument);
        _argument = argument;
        _crop = crop;
    }

    /// <summary>(before, after) per spatial axis.</summary>
    public IReadOnlyList<(int Before, int After)> Pairs => _pairs;

    /// <inheritdoc />
    protected override void Build(Shape inputShape)
    {
        base.Build(inputShape);
        for (int i = 0; i < Rank && _crop; i++)
        {
            if (inputShape[SpatialAxis(i)] is long n && n - _pairs[i].Before - _pairs[i].After <= 0)
            {
                throw new ArgumentException($"Layer \"{Name}\": cropping ({_pairs[i].Before}, {_pairs[i].After}) leaves nothing of spatial axis {i} (length {n}) of input shape {inputShape}.");
            }
        }
    }

    /// <inheritdoc />
    protected override Tensor Transform(Tensor x, int axis, int i)
    {
        if (!_crop)
        {
            return Ops.ZeroPad(x, [.. Enumerable.Range(0, Ops.ShapeOf(x).Rank).Select(a => a == axis ? ((long)_pairs[i].Before, (long)_pairs[i].After) : (0L, 0L))]);
        }

        long length = Ops.ShapeOf(x)[axis]!.Value - _pairs[i].Before - _pairs[i].After;
        if (length <= 0)
        {
            throw new ArgumentException($"Layer \"{Name}\": cropping ({_pairs[i].Before}, {_pairs[i].After}) leaves nothing of an axis of length {Ops.ShapeOf(x)[axis]}.");
        }

        return Ops.Narrow(x, axis, _pairs[i].Before, length);
    }

    /// <inheritdoc />
    protected override long? NewLength(long? length, int i) =>
        _crop ? length - (_pairs[i].Before + _pairs[i].After) : length + (_pairs[i].Before + _pairs[i].After);

    /// <inheritdoc />
    public override JsonObject GetConfig()
    {
        JsonObject config = base.GetConfig();
        config[_argument] = Rank == 1 ? new JsonArray(_pairs[0].Before, _pairs[0].After) : SpatialArgs.PairsJson(_pairs);
        WriteDataFormat(config);
        return config;
    }
}
