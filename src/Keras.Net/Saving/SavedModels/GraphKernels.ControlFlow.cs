// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// TensorFlow 2 control flow and TensorLists (formats.md 4.5): <c>While</c>/<c>StatelessWhile</c> call their
/// <c>cond</c> and <c>body</c> functions until the condition is false, <c>If</c>/<c>StatelessIf</c> call one branch,
/// and <c>TensorList*</c> ops keep immutable lists of tensors (what Keras RNN bodies read and write per step).
/// Loops are bounded by <see cref="MaxIterations"/> and lists by <see cref="MaxElements"/> items.
/// </summary>
internal static partial class GraphKernels
{
    /// <summary>A loop may iterate at most this many times.</summary>
    internal const long MaxIterations = 30_000;

    /// <summary>The op's outputs, or null when it is not a control-flow or TensorList op.</summary>
    private static GraphValue[]? RunControlFlowOp(GraphInterpreter g, NodeDef node, List<GraphValue> x, string where)
    {
        Tensor T(int i) => Value(x[i], where);
        switch (node.Op)
        {
            case "While":
            case "StatelessWhile":
            {
                string cond = g.Attr(node, "cond")?.Func?.Name ?? throw g.Unsupported("has a While without a cond function", where);
                string body = g.Attr(node, "body")?.Func?.Name ?? throw g.Unsupported("has a While without a body function", where);
                IReadOnlyList<GraphValue> vars = x;
                for (long i = 0; ; i++)
                {
                    if (i >= MaxIterations)
                    {
                        throw g.Unsupported($"runs a While loop past {MaxIterations} iterations", where);
                    }

                    GraphValue[] test = g.Call(cond, vars, where);
                    if (test.Length == 0 || !Truth(test[0], where))
                    {
                        return vars.ToArray();
                    }

                    GraphValue[] next = g.Call(body, vars, where);
                    if (next.Length != vars.Count)
                    {
                        throw g.Unsupported($"has a While body returning {next.Length} values for {vars.Count} loop variables", where);
                    }

                    vars = next;
                }
            }

            case "If":
            case "StatelessIf":
            {
                string branch = Truth(x[0], where) ? "then_branch" : "else_branch";
                string f = g.Attr(node, branch)?.Func?.Name ?? throw g.Unsupported($"has an If without a {branch}", where);
                return g.Call(f, x.Skip(1).ToList(), where);
            }

            case "Case":
            case "StatelessCase":
            {
                // TensorFlow runs the last branch when the index is out of range.
                var branches = g.Attr(node, "branches")?.List?.Func ?? throw g.Unsupported("has a Case without branches", where);
                if (branches.Count == 0)
                {
                    throw g.Unsupported("has a Case with no branch", where);
                }

                long index = Longs(T(0))[0];
                string f = branches[index >= 0 && index < branches.Count ? (int)index : branches.Count - 1].Name;
                return g.Call(f, x.Skip(1).ToList(), where);
            }

            case "TensorListReserve":
            {
                long n = Longs(T(1))[0];
                return [GraphValue.OfList(new Tensor?[CheckedCount(n, g, where)])];
            }

            case "EmptyTensorList":
                return [GraphValue.OfList(Array.Empty<Tensor?>())];
            case "TensorListFromTensor":
            {
                Tensor input = T(0);
                long n = Ops.ShapeOf(input).Rank == 0 ? throw g.Unsupported("makes a TensorList from a scalar", where) : Ops.ShapeOf(input)[0] ?? 0;
                return [GraphValue.OfList(Enumerable.Range(0, CheckedCount(n, g, where)).Select(i => (Tensor?)Ops.Squeeze(Ops.Narrow(input, 0, i, 1), 0)).ToArray())];
            }

            case "TensorListGetItem":
            {
                IReadOnlyList<Tensor?> items = x[0].RequireList(where);
                int index = Index(Longs(T(1))[0], items.Count, g, where);
                return [GraphValue.Of(items[index] ?? throw g.Unsupported($"reads TensorList item {index} before it was set", where))];
            }

            case "TensorListSetItem":
            {
                IReadOnlyList<Tensor?> items = x[0].RequireList(where);
                int index = Index(Longs(T(1))[0], items.Count, g, where);
                var copy = items.ToArray();
                copy[index] = T(2);
                return [GraphValue.OfList(copy)];
            }

            case "TensorListPushBack":
            {
                IReadOnlyList<Tensor?> items = x[0].RequireList(where);
                _ = CheckedCount(items.Count + 1L, g, where);
                return [GraphValue.OfList([.. items, T(1)])];
            }

            case "TensorListLength":
                return [GraphValue.Of(Ops.Cast(Ops.FromArray(new long[] { x[0].RequireList(where).Count }, []), Backend.DType.Int32))];
            case "TensorListStack":
            {
                IReadOnlyList<Tensor?> items = x[0].RequireList(where);
                if (items.Count == 0 || items.Any(t => t is null))
                {
                    throw g.Unsupported($"stacks a TensorList of {items.Count} items with unset ones (or none)", where);
                }

                return [GraphValue.Of(Ops.Stack(items.Select(t => t!).ToList(), 0))];
            }

            case "TensorListElementShape":
            {
                IReadOnlyList<Tensor?> items = x[0].RequireList(where);
                long[] shape = items.FirstOrDefault(t => t is not null) is { } first ? Ops.ShapeOf(first).ToArray() : [];
                return [GraphValue.Of(Ops.Cast(Ops.FromArray(shape, [shape.Length]), DTypeAttr(g, node, "shape_type", where)))];
            }

            default:
                return null;
        }
    }

    /// <summary>A scalar condition's truth (bool or numeric).</summary>
    private static bool Truth(GraphValue v, string where) => Ops.ToScalar(Value(v, where)) != 0;

    private static int CheckedCount(long n, GraphInterpreter g, string where) =>
        n is >= 0 and <= MaxElements ? (int)n : throw g.Unsupported($"makes a TensorList of {n} items (at most {MaxElements})", where);

    private static int Index(long i, int count, GraphInterpreter g, string where) =>
        i >= 0 && i < count ? (int)i : throw g.Unsupported($"uses TensorList index {i} of a list of {count}", where);
}
