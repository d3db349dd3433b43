// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Protos;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>Array, comparison and logic kernels of the interpreter on hand-computed examples, and their size and index checks.</summary>
public sealed class GraphArrayKernelTests : KerasTestBase
{
    private static NodeDef Const(string name, float[] values, params long[] shape) => Constant(name, DataType.DtFloat, shape, t => t.FloatVal.AddRange(values));

    private static NodeDef Longs(string name, long[] values, params long[] shape) => Constant(name, DataType.DtInt64, shape, t => t.Int64Val.AddRange(values));

    private static NodeDef Constant(string name, DataType type, long[] shape, Action<TensorProto> fill)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        var value = new TensorProto { Dtype = type, TensorShape = tensorShape };
        fill(value);
        var c = new NodeDef { Name = name, Op = "Const" };
        c.Attr["value"] = new AttrValue { Tensor = value };
        c.Attr["dtype"] = new AttrValue { Type = type };
        return c;
    }

    private static NodeDef Op(string op, params string[] inputs)
    {
        var n = new NodeDef { Name = "op", Op = op };
        n.Input.AddRange(inputs);
        return n;
    }

    /// <summary>Runs the graph and returns output <paramref name="index"/> of node "op" as floats with its shape.</summary>
    private static (float[] Values, long[] Shape) Run(NodeDef op, int index, params NodeDef[] constants)
    {
        var graph = new GraphDef();
        graph.Node.AddRange(constants);
        graph.Node.Add(op);
        var interpreter = new GraphInterpreter(graph, null, "test");
        Tensor t = interpreter.Run([$"op:{index}"], new Dictionary<string, GraphValue>())[0].RequireTensor("test");
        using Tensor f = Ops.Cast(t, Keras.Net.Backend.DType.Float32);
        return (Ops.ToFloatArray(f), Ops.ShapeOf(t).ToArray());
    }

    [Fact]
    public void Fill_RepeatsTheValue_AndRefusesHugeShapes()
    {
        var (values, shape) = Run(Op("Fill", "dims", "v"), 0, Longs("dims", [2, 3], 2), Const("v", [7f]));
        Assert.Equal(new long[] { 2, 3 }, shape);
        Assert.All(values, v => Assert.Equal(7f, v));

        var e = Assert.Throws<KerasFormatException>(() => Run(Op("Fill", "dims", "v"), 0, Longs("dims", [1L << 20, 1L << 20], 2), Const("v", [7f])));
        Assert.Contains("more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_CountsFromStartByDelta_AndRefusesAZeroOrRunawayDelta()
    {
        Assert.Equal([1f, 4f, 7f], Run(Op("Range", "s", "l", "d"), 0, Const("s", [1f]), Const("l", [10f]), Const("d", [3f])).Values);
        Assert.Equal([5f, 3f], Run(Op("Range", "s", "l", "d"), 0, Const("s", [5f]), Const("l", [1f]), Const("d", [-2f])).Values);
        Assert.Throws<KerasFormatException>(() => Run(Op("Range", "s", "l", "d"), 0, Const("s", [0f]), Const("l", [1e12f]), Const("d", [1f])));
        Assert.Throws<KerasFormatException>(() => Run(Op("Range", "s", "l", "d"), 0, Const("s", [0f]), Const("l", [5f]), Const("d", [0f])));
    }

    [Fact]
    public void SplitV_InfersTheMinusOneSize_AndUnpackSqueezesTheAxis()
    {
        NodeDef x = Const("x", [1, 2, 3, 4, 5, 6], 2, 3);
        var split = Op("SplitV", "x", "sizes", "axis");
        Assert.Equal([2f, 3f, 5f, 6f], Run(split, 1, x, Longs("sizes", [1, -1], 2), Longs("axis", [1])).Values);

        var unpack = Op("Unpack", "x");
        unpack.Attr["axis"] = new AttrValue { I = 1 };
        var (values, shape) = Run(unpack, 2, x);
        Assert.Equal([3f, 6f], values);
        Assert.Equal(new long[] { 2 }, shape);
    }

    [Fact]
    public void GatherV2_PicksAlongTheAxis_AndRefusesAnIndexPastTheEnd()
    {
        NodeDef x = Const("x", [1, 2, 3, 4, 5, 6], 2, 3);
        var (values, shape) = Run(Op("GatherV2", "x", "i", "axis"), 0, x, Longs("i", [2, 0], 2), Longs("axis", [1]));
        Assert.Equal([3f, 1f, 6f, 4f], values);
        Assert.Equal(new long[] { 2, 2 }, shape);

        var e = Assert.Throws<KerasFormatException>(() => Run(Op("GatherV2", "x", "i", "axis"), 0, x, Longs("i", [3], 1), Longs("axis", [1])));
        Assert.Contains("[0, 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cumsum_ExclusiveAndReverse_FollowTensorFlow()
    {
        NodeDef x = Const("x", [1, 2, 3], 3);
        var op = Op("Cumsum", "x", "axis");
        Assert.Equal([1f, 3f, 6f], Run(op, 0, x, Longs("axis", [0])).Values);
        op.Attr["exclusive"] = new AttrValue { B = true };
        Assert.Equal([0f, 1f, 3f], Run(op, 0, x, Longs("axis", [0])).Values);
        op.Attr["reverse"] = new AttrValue { B = true };
        Assert.Equal([5f, 3f, 0f], Run(op, 0, x, Longs("axis", [0])).Values); // tf.math.cumsum([1,2,3], exclusive=True, reverse=True)
    }

    [Fact]
    public void SelectV2_AndComparisons_AndBatchMatMulWithAdjoint()
    {
        NodeDef a = Const("a", [1, 5, 3], 3), b = Const("b", [2, 2, 3], 3);
        Assert.Equal([1f, 0f, 0f], Run(Op("Less", "a", "b"), 0, a, b).Values);
        Assert.Equal([0f, 1f, 0f], Run(Op("Greater", "a", "b"), 0, a, b).Values);
        Assert.Equal([1f, 0f, 1f], Run(Op("LessEqual", "a", "b"), 0, a, b).Values);
        Assert.Equal([1f, 2f, 3f], Run(Op("SelectV2", "c", "a", "b"), 0, a, b, Const("c", [1, 0, 1], 3)).Values);

        // [[1, 2], [3, 4]]^T @ [[1, 0], [0, 1]] = [[1, 3], [2, 4]]
        var mm = Op("BatchMatMulV2", "m", "eye");
        mm.Attr["adj_x"] = new AttrValue { B = true };
        Assert.Equal([1f, 3f, 2f, 4f], Run(mm, 0, Const("m", [1, 2, 3, 4], 1, 2, 2), Const("eye", [1, 0, 0, 1], 2, 2)).Values);
    }

    [Theory]
    [InlineData(new long[] { 0, 0 }, new long[] { 0, 0 }, new long[] { 1, -1 }, 3, 3, 0, 0, 0, new float[] { 3, 2, 1, 6, 5, 4 }, new long[] { 2, 3 })] // x[:, ::-1]
    [InlineData(new long[] { 1, 1 }, new long[] { 2, 3 }, new long[] { 1, 1 }, 0, 0, 0, 0, 1, new float[] { 5, 6 }, new long[] { 2 })]                 // x[1, 1:]
    [InlineData(new long[] { 0, 0 }, new long[] { 0, 1 }, new long[] { 1, 1 }, 0, 0, 1, 0, 2, new float[] { 1, 4 }, new long[] { 2 })]                 // x[..., 0]
    [InlineData(new long[] { 0, 0 }, new long[] { 0, 1 }, new long[] { 1, 1 }, 0, 0, 0, 1, 2, new float[] { 1, 2, 3 }, new long[] { 1, 3 })]          // x[None, 0]
    [InlineData(new long[] { -1 }, new long[] { -2 }, new long[] { -1 }, 0, 0, 0, 0, 0, new float[] { 4, 5, 6 }, new long[] { 1, 3 })]                 // x[-1:-2:-1]
    [InlineData(new long[] { -1 }, new long[] { -3 }, new long[] { -1 }, 0, 0, 0, 0, 0, new float[] { 4, 5, 6, 1, 2, 3 }, new long[] { 2, 3 })]     // x[-1:-3:-1]
    public void StridedSlice_FollowsNumPysIndexing_WithEveryMask(long[] begin, long[] end, long[] strides, long beginMask, long endMask, long ellipsisMask, long newAxisMask, long shrinkMask, float[] expected, long[] expectedShape)
    {
        var op = Op("StridedSlice", "x", "b", "e", "s");
        op.Attr["begin_mask"] = new AttrValue { I = beginMask };
        op.Attr["end_mask"] = new AttrValue { I = endMask };
        op.Attr["ellipsis_mask"] = new AttrValue { I = ellipsisMask };
        op.Attr["new_axis_mask"] = new AttrValue { I = newAxisMask };
        op.Attr["shrink_axis_mask"] = new AttrValue { I = shrinkMask };
        var (values, shape) = Run(op, 0, Const("x", [1, 2, 3, 4, 5, 6], 2, 3), Longs("b", begin, begin.Length), Longs("e", end, end.Length), Longs("s", strides, strides.Length));
        Assert.Equal(expected, values);
        Assert.Equal(expectedShape, shape);
    }

    [Fact]
    public void SquaredDifference_Tile_AndArgMax()
    {
        NodeDef a = Const("a", [1, 5, 3], 3), b = Const("b", [2, 2, 3], 3);
        Assert.Equal([1f, 9f, 0f], Run(Op("SquaredDifference", "a", "b"), 0, a, b).Values);
        Assert.Equal([1f, 5f, 3f, 1f, 5f, 3f], Run(Op("Tile", "a", "m"), 0, a, Longs("m", [2], 1)).Values);
        Assert.Throws<KerasFormatException>(() => Run(Op("Tile", "a", "m"), 0, a, Longs("m", [1L << 40], 1)));
        var argMax = Op("ArgMax", "a", "axis");
        argMax.Attr["output_type"] = new AttrValue { Type = DataType.DtInt64 };
        Assert.Equal([1f], Run(argMax, 0, a, Longs("axis", [0])).Values);
    }

    [Theory]
    [InlineData(false, true, 4, new float[] { 1, 1, 2, 2 })]   // UpSampling2D: half-pixel centers, each source twice
    [InlineData(false, false, 4, new float[] { 1, 1, 2, 2 })]  // legacy: floor(o * 2/4)
    [InlineData(true, false, 5, new float[] { 1, 1, 2, 2, 2 })] // align_corners, 2 -> 5: round(o / 4), 0.5 away from zero
    public void ResizeNearestNeighbor_PicksTensorFlowsSources(bool alignCorners, bool halfPixel, long width, float[] expectedRow)
    {
        // One 1x2 image with values 1, 2 (NHWC [1, 1, 2, 1]) resized to [1, width].
        var op = Op("ResizeNearestNeighbor", "img", "size");
        op.Attr["align_corners"] = new AttrValue { B = alignCorners };
        op.Attr["half_pixel_centers"] = new AttrValue { B = halfPixel };
        var (values, shape) = Run(op, 0, Const("img", [1, 2], 1, 1, 2, 1), Longs("size", [1, width], 2));
        Assert.Equal(expectedRow, values);
        Assert.Equal(new long[] { 1, 1, width, 1 }, shape);
    }
}
