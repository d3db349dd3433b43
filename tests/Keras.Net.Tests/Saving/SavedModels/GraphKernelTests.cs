// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Protos;
using Keras.Net.Saving.SavedModels;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Saving.SavedModels;

/// <summary>Convolution, pooling and batch-norm kernels of the interpreter, on hand-computed examples.</summary>
public sealed class GraphKernelTests : KerasTestBase
{
    // x = 1..9 as a 1x3x3x1 image:
    // 1 2 3
    // 4 5 6
    // 7 8 9
    private static readonly float[] Image = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static float[] Run(string op, Action<NodeDef> attrs, params (string Name, float[] Values, long[] Shape)[] constants)
    {
        var graph = new GraphDef();
        var x = new NodeDef { Name = "x", Op = "Placeholder" };
        graph.Node.Add(x);
        var node = new NodeDef { Name = "op", Op = op, Input = { "x" } };
        foreach (var (name, values, shape) in constants)
        {
            var tensorShape = new TensorShapeProto();
            tensorShape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
            var value = new TensorProto { Dtype = DataType.DtFloat, TensorShape = tensorShape };
            value.FloatVal.AddRange(values);
            var c = new NodeDef { Name = name, Op = "Const" };
            c.Attr["value"] = new AttrValue { Tensor = value };
            c.Attr["dtype"] = new AttrValue { Type = DataType.DtFloat };
            graph.Node.Add(c);
            node.Input.Add(name);
        }

        attrs(node);
        graph.Node.Add(node);
        var interpreter = new GraphInterpreter(graph, null, "test");
        using Tensor image = Ops.FromArray(Image, [1, 3, 3, 1]);
        GraphValue result = interpreter.Run(["op:0"], new Dictionary<string, GraphValue> { ["x:0"] = GraphValue.Of(image) })[0];
        return Ops.ToFloatArray(result.RequireTensor("test"));
    }

    private static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    private static Action<NodeDef> Attrs(string padding, long stride, params (string Name, AttrValue Value)[] more) => n =>
    {
        n.Attr["padding"] = new AttrValue { S = ByteString.CopyFromUtf8(padding) };
        n.Attr["strides"] = Ints(1, stride, stride, 1);
        foreach (var (name, value) in more)
        {
            n.Attr[name] = value;
        }
    };

    [Fact]
    public void Conv2D_ValidAndSamePadding()
    {
        // 2x2 filter of ones. VALID stride 1: window sums. SAME stride 2: TensorFlow pads the odd cell after.
        (string, float[], long[]) ones = ("filter", [1, 1, 1, 1], [2, 2, 1, 1]);
        Assert.Equal([12f, 16, 24, 28], Run("Conv2D", Attrs("VALID", 1), ones));
        Assert.Equal([12f, 9, 15, 9], Run("Conv2D", Attrs("SAME", 2), ones));
    }

    [Fact]
    public void Pooling_MaxValidAndAverageSameCountingOnlyRealCells()
    {
        Assert.Equal([5f, 6, 8, 9], Run("MaxPool", Attrs("VALID", 1, ("ksize", Ints(1, 2, 2, 1)))));
        Assert.Equal([3f, 4.5f, 7.5f, 9], Run("AvgPool", Attrs("SAME", 2, ("ksize", Ints(1, 2, 2, 1)))));
    }

    [Fact]
    public void FusedBatchNorm_AtInference()
    {
        // (x - mean) / sqrt(var + eps) * scale + offset with mean 5, var 4, scale 2, offset 1, eps 0: x -> x - 4.
        float[] y = Run(
            "FusedBatchNormV3",
            n => n.Attr["epsilon"] = new AttrValue { F = 0 },
            ("scale", [2f], [1]),
            ("offset", [1f], [1]),
            ("mean", [5f], [1]),
            ("variance", [4f], [1]));
        Assert.Equal(Image.Select(v => v - 4), y);
    }
}
