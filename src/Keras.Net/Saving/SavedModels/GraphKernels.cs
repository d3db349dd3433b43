// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// The TensorFlow ops the interpreter knows, each computed through <see cref="Ops"/> with TensorFlow's semantics.
/// An op missing here fails with its name and node.
/// </summary>
internal static partial class GraphKernels
{
    /// <summary>Ops whose output size comes from the graph's values (OneHot, SparseToDense) may make at most this many elements.</summary>
    internal const long MaxElements = 1L << 26;

    internal static GraphValue[] Run(GraphInterpreter g, NodeDef node, List<GraphValue> x, string where)
    {
        Tensor T(int i) => Value(x[i], where);
        GraphValue[] One(Tensor t) => [GraphValue.Of(t)];
        switch (node.Op)
        {
            case "Const":
                return [TensorProtos.ToValue(g.Attr(node, "value")?.Tensor ?? new TensorProto(), where)];
            case "Placeholder":
                throw new ArgumentException($"Placeholder '{node.Name}' was not fed ({where}).");
            case "PlaceholderWithDefault":
            case "Identity":
            case "StopGradient":
            case "Snapshot":
            case "EnsureShape":
                return [Deref(x[0], where)];
            case "IdentityN":
                return x.Select(v => Deref(v, where)).ToArray();
            case "NoOp":
            case "PrintV2":
            case "DisableCopyOnRead":
                return [GraphValue.None];
            case "VarHandleOp":
                return [GraphValue.OfResource(Slot(g, node, SharedName(node), isRef: false))];
            case "VariableV2":
            case "Variable":
                return [GraphValue.OfResource(Slot(g, node, SharedName(node), isRef: true))];
            case "VarIsInitializedOp":
            case "IsVariableInitialized":
                return One(Ops.FromArray(new float[] { x[0].RequireResource(where).Value is null ? 0 : 1 }, []));
            case "ReadVariableOp":
                return [Read(x[0].RequireResource(where), where)];
            case "AssignVariableOp":
                x[0].RequireResource(where).Value = Own(x[1], where);
                return [GraphValue.None];
            case "Assign":
                x[0].RequireResource(where).Value = Own(x[1], where);
                return [x[0].RequireResource(where).Value!];
            case "AssignAddVariableOp":
            case "AssignSubVariableOp":
            case "AssignAdd":
            case "AssignSub":
            {
                VariableSlot slot = x[0].RequireResource(where);
                Tensor old = Read(slot, where).RequireTensor(where);
                Tensor delta = T(1);
                slot.Value = GraphValue.Of(node.Op.Contains("Add", StringComparison.Ordinal) ? Ops.Add(old, delta) : Ops.Subtract(old, delta));
                return node.Op.EndsWith("VariableOp", StringComparison.Ordinal) ? [GraphValue.None] : [slot.Value];
            }

            case "RestoreV2":
                return Restore(g, x, where);
            case "StatefulPartitionedCall":
            case "PartitionedCall":
                return g.Call(g.Attr(node, "f")?.Func?.Name ?? throw g.Unsupported("has a call without a function", where), x.Select(v => v.Resource is not null ? v : Deref(v, where)).ToList(), where);
            case "MatMul":
            {
                Tensor a = g.Attr(node, "transpose_a")?.B == true ? Ops.Transpose(T(0), [1, 0]) : T(0);
                Tensor b = g.Attr(node, "transpose_b")?.B == true ? Ops.Transpose(T(1), [1, 0]) : T(1);
                return One(Ops.MatMul(a, b));
            }

            case "BiasAdd":
            case "BiasAddV1":
            {
                Tensor input = T(0), bias = T(1);
                string format = g.Attr(node, "data_format")?.S.ToStringUtf8() ?? "NHWC";
                if (format == "NCHW" && Ops.ShapeOf(input).Rank > 2)
                {
                    long[] shape = Enumerable.Repeat(1L, Ops.ShapeOf(input).Rank).ToArray();
                    shape[1] = -1;
                    bias = Ops.Reshape(bias, shape);
                }

                return One(Ops.Add(input, bias));
            }

            case "Add":
            case "AddV2":
                return One(Ops.Add(T(0), T(1)));
            case "AddN":
                return One(x.Skip(1).Aggregate(Value(x[0], where), (acc, v) => Ops.Add(acc, Value(v, where))));
            case "Sub":
                return One(Ops.Subtract(T(0), T(1)));
            case "Mul":
                return One(Ops.Multiply(T(0), T(1)));
            case "RealDiv":
            case "Div":
                return One(Ops.Divide(T(0), T(1)));
            case "Maximum":
                return One(Ops.Maximum(T(0), T(1)));
            case "Minimum":
                return One(Ops.Minimum(T(0), T(1)));
            case "Neg":
                return One(Ops.Negative(T(0)));
            case "Square":
                return One(Ops.Square(T(0)));
            case "Sqrt":
                return One(Ops.Sqrt(T(0)));
            case "Rsqrt":
                return One(Ops.Divide(Ops.Full([], 1.0, Ops.DTypeOf(T(0))), Ops.Sqrt(T(0))));
            case "Exp":
                return One(Ops.Exp(T(0)));
            case "Log":
                return One(Ops.Log(T(0)));
            case "Relu":
                return One(Ops.Relu(T(0)));
            case "Relu6":
                return One(Ops.Clip(T(0), 0, 6));
            case "Elu":
                return One(Ops.Elu(T(0)));
            case "Selu":
                return One(Ops.Selu(T(0)));
            case "Sigmoid":
                return One(Ops.Sigmoid(T(0)));
            case "Tanh":
                return One(Ops.Tanh(T(0)));
            case "Softplus":
                return One(Ops.Softplus(T(0)));
            case "Softsign":
                return One(Ops.Softsign(T(0)));
            case "Softmax":
                return One(Ops.Softmax(T(0), -1));
            case "LogSoftmax":
                return One(Ops.LogSoftmax(T(0), -1));
            case "LeakyRelu":
                return One(Ops.LeakyRelu(T(0), g.Attr(node, "alpha")?.F ?? 0.2f));
            case "Cast":
                return One(Ops.Cast(T(0), DTypeAttr(g, node, "DstT", where)));
            case "Reshape":
                return x[0].Strings is { } rs ? [GraphValue.OfStrings(rs, Resolve(Longs(T(1)), rs.LongLength))] : One(Ops.Reshape(T(0), Longs(T(1))));
            case "Transpose":
                return One(Ops.Transpose(T(0), Longs(T(1))));
            case "ExpandDims":
            {
                long axis = Longs(T(1))[0];
                if (x[0].Strings is { } es)
                {
                    var dims = x[0].Shape.ToList();
                    dims.Insert((int)(axis < 0 ? axis + dims.Count + 1 : axis), 1);
                    return [GraphValue.OfStrings(es, dims.ToArray())];
                }

                return One(Ops.ExpandDims(T(0), axis));
            }
            case "Squeeze":
            {
                long[] dims = g.Attr(node, "squeeze_dims")?.List?.I.ToArray() ?? [];
                long[] shape = Ops.ShapeOf(T(0)).ToArray();
                long rank = shape.Length;
                var drop = dims.Length == 0 ? Enumerable.Range(0, shape.Length).Where(i => shape[i] == 1).Select(i => (long)i).ToHashSet() : dims.Select(d => d < 0 ? d + rank : d).ToHashSet();
                return One(Ops.Reshape(T(0), shape.Where((_, i) => !drop.Contains(i)).ToArray()));
            }

            case "ConcatV2":
            {
                long axis = Longs(T(x.Count - 1))[0];
                return One(Ops.Concatenate(x.Take(x.Count - 1).Select(v => Value(v, where)).ToList(), axis));
            }

            case "Pack":
                return One(Ops.Stack(x.Select(v => Value(v, where)).ToList(), g.Attr(node, "axis")?.I ?? 0));
            case "Shape":
            {
                long[] dims = x[0].Strings is not null ? x[0].Shape : Ops.ShapeOf(T(0)).ToArray();
                return One(Ops.Cast(Ops.FromArray(dims, [dims.Length]), DTypeAttr(g, node, "out_type", where)));
            }
            case "Mean":
            case "Sum":
            case "Max":
            {
                long[] axes = Longs(T(1));
                bool keep = g.Attr(node, "keep_dims")?.B ?? false;
                Tensor input = T(0);
                return One(node.Op switch
                {
                    "Mean" => Ops.Mean(input, axes, keep),
                    "Sum" => Ops.Sum(input, axes, keep),
                    _ => axes.Length == 1 ? Ops.Max(input, axes[0], keep) : throw g.Unsupported("takes Max over several axes", where),
                });
            }

            case "NotEqual":
            case "Equal":
            {
                if (x[0].Strings is { } a)
                {
                    byte[][] b = x[1].RequireStrings(where);
                    long[] flags = a.Select((s, i) => s.AsSpan().SequenceEqual(b[b.Length == 1 ? 0 : i]) == (node.Op == "Equal") ? 1L : 0L).ToArray();
                    return One(Ops.Cast(Ops.FromArray(flags, x[0].Shape), DType.Bool));
                }

                return One(node.Op == "Equal" ? Ops.Equal(T(0), T(1)) : Ops.NotEqual(T(0), T(1)));
            }

            case "GreaterEqual":
                return One(Ops.GreaterEqual(T(0), T(1)));
            case "Where":
                return One(Ops.NonZero(T(0)));
            case "GatherNd":
                return [GatherNd(x[0], Longs(T(1)), Ops.ShapeOf(T(1)).ToArray(), where)];
            case "SparseToDense":
                return One(SparseToDense(Longs(T(0)), Ops.ShapeOf(T(0)).ToArray(), Longs(T(1)), T(2), T(3)));
            case "OneHot":
            {
                long depth = Longs(T(1))[0];
                long indices = Ops.ShapeOf(T(0)).NumElements() ?? 0;
                if (depth < 0 || (depth > 0 && indices > MaxElements / depth))
                {
                    throw g.Unsupported($"asks for a OneHot of depth {depth} over {indices} indices (more than {MaxElements} elements)", where);
                }

                long axis = g.Attr(node, "axis")?.I ?? -1;
                if (axis != -1)
                {
                    throw g.Unsupported("uses OneHot on an axis other than the last", where);
                }

                return One(Ops.OneHot(T(0), depth, Ops.ToScalar(T(2)), Ops.ToScalar(T(3)), Ops.DTypeOf(T(2))));
            }

            case "Conv2D":
            case "DepthwiseConv2dNative":
            {
                RequireNhwc(g, node, where);
                Tensor input = T(0), filter = T(1);
                long[] strides = Spatial(g.Attr(node, "strides"));
                long[] dilations = Spatial(g.Attr(node, "dilations"), 1);
                long groups = 1;
                if (node.Op == "DepthwiseConv2dNative")
                {
                    long[] f = Ops.ShapeOf(filter).ToArray();
                    groups = f[2];
                    filter = Ops.Reshape(filter, [f[0], f[1], 1, f[2] * f[3]]);
                }

                long[] kernel = Ops.ShapeOf(filter).ToArray()[..2];
                return One(Ops.Convolution(input, filter, null, strides, dilations, groups, Pads(g, node, Ops.ShapeOf(input).ToArray()[1..3], kernel, strides, dilations, where)));
            }

            case "MaxPool":
            case "AvgPool":
            {
                RequireNhwc(g, node, where);
                long[] size = Spatial(g.Attr(node, "ksize"));
                long[] strides = Spatial(g.Attr(node, "strides"));
                return One(Ops.Pool(T(0), node.Op == "MaxPool", size, strides, Pads(g, node, Ops.ShapeOf(T(0)).ToArray()[1..3], size, strides, [1, 1], where)));
            }

            case "FusedBatchNorm":
            case "FusedBatchNormV2":
            case "FusedBatchNormV3":
            {
                RequireNhwc(g, node, where);
                if (g.Attr(node, "is_training")?.B == true)
                {
                    throw g.Unsupported("runs FusedBatchNorm in training mode", where);
                }

                double epsilon = g.Attr(node, "epsilon")?.F ?? 1e-4;
                // y = (x - mean) * scale / sqrt(variance + epsilon) + offset
                Tensor factor = Ops.Divide(T(1), Ops.Sqrt(Ops.Add(T(4), epsilon)));
                Tensor y = Ops.Add(Ops.Multiply(Ops.Subtract(T(0), T(3)), factor), T(2));
                return [GraphValue.Of(y), x[3], x[4], x[3], x[4], GraphValue.None];
            }

            case "Bucketize":
                return One(Ops.Bucketize(T(0), g.Attr(node, "boundaries")?.List?.F.ToArray() ?? []));
            case "StridedSlice":
                return One(StridedSliceAny(g, node, T(0), Longs(T(1)), Longs(T(2)), Longs(T(3)), where));
            default:
                if ((RunArrayOp(g, node, x, where) ?? RunControlFlowOp(g, node, x, where) ?? RunNnOp(g, node, x, where) ?? RunTableOp(g, node, x, where)) is { } done)
                {
                    return done;
                }

                if (g.HasFunction(node.Op))
                {
                    return g.Call(node.Op, x, where);
                }

                throw g.Unsupported($"uses op '{node.Op}', which Keras.Net cannot run yet", where);
        }
    }

    /// <summary>A numeric input, reading through a TF1 variable reference.</summary>
    private static Tensor Value(GraphValue v, string where) => Deref(v, where).RequireTensor(where);

    internal static GraphValue Deref(GraphValue v, string where) =>
        v.Resource is { IsRef: true } slot ? Read(slot, where) : v;

    private static GraphValue Read(VariableSlot slot, string where) =>
        slot.Value ?? throw new InvalidOperationException($"{where}: variable '{slot.Name}' was read before it was restored or assigned.");

    /// <summary>Values stored in variables are copies the graph cannot alias.</summary>
    private static GraphValue Own(GraphValue v, string where)
    {
        GraphValue value = Deref(v, where);
        return value.Tensor is { } t ? GraphValue.Of(Ops.Copy(t)) : value;
    }

    private static string SharedName(NodeDef node) =>
        node.Attr.TryGetValue("shared_name", out AttrValue? s) && !s.S.IsEmpty ? s.S.ToStringUtf8() : node.Name;

    private static VariableSlot Slot(GraphInterpreter g, NodeDef node, string name, bool isRef)
    {
        if (!g.Variables.TryGetValue(name, out VariableSlot? slot))
        {
            DataType type = node.Attr.TryGetValue("dtype", out AttrValue? d) ? d.Type : DataType.DtInvalid;
            long[]? shape = node.Attr.TryGetValue("shape", out AttrValue? s) ? s.Shape?.Dim.Select(x => x.Size).ToArray() : null;
            slot = new VariableSlot(name, TfDataTypes.ToDType(type), shape) { IsRef = isRef };
            g.Variables[name] = slot;
        }

        return slot;
    }

    private static DType DTypeAttr(GraphInterpreter g, NodeDef node, string attr, string where) =>
        TfDataTypes.ToDType(g.Attr(node, attr)?.Type ?? DataType.DtInvalid) ?? throw g.Unsupported($"has an unsupported '{attr}' type", where);

    private static long[] Longs(Tensor t)
    {
        using Tensor l = Ops.Cast(t, DType.Int64);
        return Ops.ShapeOf(l).Rank == 0 ? [(long)Ops.ToScalar(l)] : (long[])Ops.ToArray(l);
    }

    private static void RequireNhwc(GraphInterpreter g, NodeDef node, string where)
    {
        string format = g.Attr(node, "data_format")?.S.ToStringUtf8() ?? "NHWC";
        if (format.Length > 0 && format != "NHWC")
        {
            throw g.Unsupported($"uses {node.Op} with data_format {format} (only NHWC is supported)", where);
        }
    }

    /// <summary>The two spatial entries of an NHWC attribute list ([1, h, w, 1]).</summary>
    private static long[] Spatial(AttrValue? list, long fallback = 1)
    {
        var values = list?.List?.I;
        return values is { Count: 4 } ? [values[1], values[2]] : [fallback, fallback];
    }

    /// <summary>TensorFlow's VALID, SAME (the odd cell after) or EXPLICIT padding per spatial axis.</summary>
    private static (long Before, long After)[] Pads(GraphInterpreter g, NodeDef node, long[] input, long[] kernel, long[] strides, long[] dilations, string where)
    {
        string padding = g.Attr(node, "padding")?.S.ToStringUtf8() ?? "VALID";
        switch (padding)
        {
            case "VALID":
                return [(0, 0), (0, 0)];
            case "SAME":
                return Enumerable.Range(0, 2).Select(i => Keras.Net.Layers.ConvUtils.Padding(input[i], kernel[i], "same", strides[i], dilations[i])).ToArray();
            case "EXPLICIT":
                var e = g.Attr(node, "explicit_paddings")?.List?.I ?? throw g.Unsupported("has EXPLICIT padding without explicit_paddings", where);
                return [(e[2], e[3]), (e[4], e[5])];
            default:
                throw g.Unsupported($"uses padding {padding}", where);
        }
    }

    /// <summary>Table keys as strings (integers in invariant culture).</summary>
    private static string[] Keys(GraphValue v, string where) =>
        v.Strings is { } s ? s.Select(b => Encoding.UTF8.GetString(b)).ToArray() : Longs(Value(v, where)).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A reshape target with its one -1 resolved.</summary>
    private static long[] Resolve(long[] shape, long count)
    {
        long known = shape.Where(d => d >= 0).Aggregate(1L, (a, b) => a * b);
        return shape.Select(d => d < 0 ? (known == 0 ? 0 : count / known) : d).ToArray();
    }

    /// <summary><c>GatherNd(params, indices)</c>: each row of indices picks an element (or a slice) of params.</summary>
    private static GraphValue GatherNd(GraphValue source, long[] indices, long[] indexShape, string where)
    {
        long[] shape = source.Strings is not null ? source.Shape : Ops.ShapeOf(source.RequireTensor(where)).ToArray();
        int r = (int)indexShape[^1];
        long rows = indexShape.Length == 1 ? 1 : indexShape[..^1].Aggregate(1L, (a, b) => a * b);
        long slice = shape.Skip(r).Aggregate(1L, (a, b) => a * b);
        var linear = new long[rows];
        for (long i = 0; i < rows; i++)
        {
            long offset = 0;
            for (int j = 0; j < r; j++)
            {
                long k = indices[(i * r) + j];
                offset = j < shape.Length && k >= 0 && k < shape[j] ? (offset * shape[j]) + k : throw new ArgumentException($"GatherNd index {k} is outside axis {j} of the params shape [{string.Join(", ", shape)}].");
            }

            linear[i] = offset;
        }

        long[] outShape = [.. indexShape[..^1], .. shape.Skip(r)];
        if (source.Strings is { } strings)
        {
            return GraphValue.OfStrings(linear.SelectMany(l => strings.Skip((int)(l * slice)).Take((int)slice)).ToArray(), outShape);
        }

        Tensor flat = Ops.Reshape(source.RequireTensor(where), [shape.Take(r).Aggregate(1L, (a, b) => a * b), slice]);
        Tensor picked = Ops.TakeRows(flat, Ops.FromArray(linear, [rows]));
        return GraphValue.Of(Ops.Reshape(picked, outShape));
    }

    /// <summary><c>SparseToDense</c>: a dense tensor of <paramref name="shape"/> with values at the given coordinates.</summary>
    private static Tensor SparseToDense(long[] indices, long[] indexShape, long[] shape, Tensor values, Tensor fallback)
    {
        int r = indexShape.Length == 1 ? 1 : (int)indexShape[^1];
        long n = indexShape.Length == 0 ? 0 : indexShape[0];
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0 || (d > 0 && count > MaxElements / d))
            {
                throw new ArgumentException($"SparseToDense output shape [{string.Join(", ", shape)}] is negative or larger than {MaxElements} elements.");
            }

            count *= d;
        }

        if (r != shape.Length || indices.Length < n * r)
        {
            throw new ArgumentException($"SparseToDense indices of shape [{string.Join(", ", indexShape)}] do not address an output of rank {shape.Length}.");
        }

        double[] given = (double[])Ops.ToArray(Ops.Cast(values, DType.Float64));
        var dense = Enumerable.Repeat(Ops.ToScalar(fallback), (int)count).ToArray();
        for (long i = 0; i < n; i++)
        {
            long offset = 0;
            for (int j = 0; j < r; j++)
            {
                long k = indices[(i * r) + j];
                offset = k >= 0 && k < shape[j] ? (offset * shape[j]) + k : throw new ArgumentException($"SparseToDense index {k} is outside axis {j} of size {shape[j]}.");
            }

            dense[offset] = given.Length == 1 ? given[0] : given.Length > i ? given[i] : throw new ArgumentException("SparseToDense has fewer values than indices.");
        }

        return Ops.Cast(Ops.FromArray(dense, shape), Ops.DTypeOf(values));
    }

    /// <summary><c>RestoreV2(prefix, tensor_names, shape_and_slices)</c>: reads the named entries of a checkpoint.</summary>
    private static GraphValue[] Restore(GraphInterpreter g, List<GraphValue> x, string where)
    {
        string prefix = Encoding.UTF8.GetString(x[0].RequireStrings(where)[0]);
        g.RequireInsideFolder(prefix, where);
        byte[][] names = x[1].RequireStrings(where);
        byte[][] slices = x[2].RequireStrings(where);
        if (slices.Any(s => s.Length > 0))
        {
            throw g.Unsupported("restores partitioned variables (shape_and_slices), which are not supported", where);
        }

        if (!g.OpenBundles.TryGetValue(prefix, out BundleReader? reader))
        {
            reader = BundleReader.Open(prefix);
            g.OpenBundles[prefix] = reader;
        }

        return names.Select(n =>
        {
            string key = Encoding.UTF8.GetString(n);
            return reader.DTypeOf(key) is { } d && d.Equals(DType.String)
                ? GraphValue.OfStrings(reader.ReadStrings(key), reader.ShapeOf(key))
                : GraphValue.Of(reader.ReadTensor(key, longLived: true));
        }).ToArray();
    }
}
