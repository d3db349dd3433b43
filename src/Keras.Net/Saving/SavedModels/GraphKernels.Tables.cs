// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// Lookup tables (HashTableV2, MutableHashTableV2, InitializeTableV2, LookupTableImportV2/InsertV2/FindV2/SizeV2;
/// int64 or string keys, int64 or string values), TopKV2, and ParseExample for dense features (the tf.Example
/// serving input of TF1 estimator-style exports).
/// </summary>
internal static partial class GraphKernels
{
    /// <summary>The op's outputs, or null when it is not one of these.</summary>
    private static GraphValue[]? RunTableOp(GraphInterpreter g, NodeDef node, List<GraphValue> x, string where)
    {
        Tensor T(int i) => Value(x[i], where);
        switch (node.Op)
        {
            case "HashTableV2":
            case "HashTable":
            case "MutableHashTableV2":
            case "MutableHashTable":
            {
                string shared = SharedName(node);
                if (!g.Tables.TryGetValue(shared, out var table))
                {
                    table = new Dictionary<string, object>(StringComparer.Ordinal);
                    g.Tables[shared] = table;
                }

                return [GraphValue.OfTable(table)];
            }

            case "LookupTableImportV2":
            case "LookupTableInsertV2":
            case "InitializeTableV2":
            case "InitializeTable":
            {
                var table = x[0].Table ?? throw g.Unsupported("fills something that is not a table", where);
                string[] keys = Keys(x[1], where);
                object[] values = x[2].Strings is { } texts ? texts.Cast<object>().ToArray() : Longs(T(2)).Cast<object>().ToArray();
                if (values.Length != keys.Length)
                {
                    throw g.Unsupported($"fills a table with {keys.Length} keys and {values.Length} values", where);
                }

                for (int i = 0; i < keys.Length; i++)
                {
                    table[keys[i]] = values[i];
                }

                return [GraphValue.None];
            }

            case "LookupTableFindV2":
            case "LookupTableFind":
            {
                var table = x[0].Table ?? throw g.Unsupported("looks up in something that is not a table", where);
                string[] keys = Keys(x[1], where);
                if (x[2].Strings is { } fallbackText)
                {
                    byte[] fallback = fallbackText.Length > 0 ? fallbackText[0] : [];
                    return [GraphValue.OfStrings(keys.Select(k => table.TryGetValue(k, out object? v) && v is byte[] b ? b : fallback).ToArray(), x[1].Shape)];
                }

                long missing = Longs(T(2))[0];
                long[] found = keys.Select(k => table.TryGetValue(k, out object? v) && v is long n ? n : missing).ToArray();
                return [GraphValue.Of(Ops.FromArray(found, x[1].Shape))];
            }

            case "LookupTableSizeV2":
                return [GraphValue.Of(Ops.FromArray([(long)(x[0].Table ?? throw g.Unsupported("sizes something that is not a table", where)).Count], []))];
            case "TopKV2":
            {
                Tensor input = T(0);
                long k = Longs(T(1))[0];
                long last = Ops.ShapeOf(input).Rank == 0 ? 0 : Ops.ShapeOf(input)[^1] ?? 0;
                if (k < 0 || k > last)
                {
                    throw g.Unsupported($"asks for the top {k} of an axis of {last}", where);
                }

                Tensor indices = Ops.TopKIndices(input, (int)k);
                return [GraphValue.Of(Ops.TakeAlongLastAxis(input, indices)), GraphValue.Of(Ops.Cast(indices, Backend.DType.Int32))];
            }

            case "ParseExample":
                return ParseExample(g, node, x, where);
            default:
                return null;
        }
    }

    /// <summary>ParseExample with dense features only: one row per serialized tf.Example, defaults for missing keys.</summary>
    private static GraphValue[] ParseExample(GraphInterpreter g, NodeDef node, List<GraphValue> x, string where)
    {
        long sparse = g.Attr(node, "Nsparse")?.I ?? 0, dense = g.Attr(node, "Ndense")?.I ?? 0;
        if (sparse != 0)
        {
            throw g.Unsupported("parses sparse tf.Example features (only dense ones are supported)", where);
        }

        if (x.Count != 2 + dense + dense)
        {
            throw g.Unsupported($"has a ParseExample with {x.Count} inputs for {dense} dense keys", where);
        }

        byte[][] serialized = x[0].RequireStrings(where);
        var shapes = g.Attr(node, "dense_shapes")?.List?.Shape ?? [];
        var types = g.Attr(node, "Tdense")?.List?.Type ?? [];
        var examples = new Example[serialized.Length];
        for (int i = 0; i < serialized.Length; i++)
        {
            try
            {
                examples[i] = Example.Parser.ParseFrom(serialized[i]);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new ArgumentException($"Input {i} is not a serialized tf.Example ({e.Message}).", nameof(x), e);
            }
        }

        var outputs = new GraphValue[dense];
        for (int d = 0; d < dense; d++)
        {
            string key = System.Text.Encoding.UTF8.GetString(x[2 + (int)d].RequireStrings(where)[0]);
            long[] shape = d < shapes.Count ? shapes[(int)d].Dim.Select(v => v.Size).ToArray() : [];
            long per = shape.Aggregate(1L, (a, b) => a * b);
            Tensor defaults = Value(x[2 + (int)dense + (int)d], where);
            float[] fallback = Ops.ToFloatArray(defaults);
            var rows = new float[serialized.Length * per];
            for (int i = 0; i < examples.Length; i++)
            {
                float[] values = examples[i].Features?.Feature.TryGetValue(key, out Feature? f) == true
                    ? f.KindCase switch
                    {
                        Feature.KindOneofCase.FloatList => f.FloatList.Value.ToArray(),
                        Feature.KindOneofCase.Int64List => f.Int64List.Value.Select(v => (float)v).ToArray(),
                        _ => throw new ArgumentException($"Feature \"{key}\" of example {i} holds bytes; the graph expects numbers."),
                    }
                    : fallback.Length == per ? fallback : throw new ArgumentException($"Example {i} has no feature \"{key}\", which has no default; it must hold {per} values.");
                if (values.Length != per)
                {
                    throw new ArgumentException($"Feature \"{key}\" of example {i} holds {values.Length} values; the graph expects {per} (shape [{string.Join(", ", shape)}]).");
                }

                values.CopyTo(rows, i * per);
            }

            Tensor parsed = Ops.FromArray(rows, [serialized.Length, .. shape]);
            Backend.DType dtype = Checkpoints.TfDataTypes.ToDType(d < types.Count ? types[(int)d] : DataType.DtFloat) ?? Backend.DType.Float32;
            outputs[d] = GraphValue.Of(dtype.Equals(Backend.DType.Float32) ? parsed : Ops.Cast(parsed, dtype));
        }

        return outputs;
    }
}
