// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// The functions a TF2 SavedModel saves on its root object (a <c>tf.Module</c>'s <c>@tf.function</c> methods, what
/// <c>tf.saved_model.load(path).multiply(x)</c> calls), made callable like signatures: for each root child that is a
/// function with one concrete function whose inputs are all tensors, the outer graph gets a placeholder per input and
/// a call node passing them and the captured variables' handles.
/// </summary>
internal static class SavedModelFunctions
{
    /// <summary>A root function: its name, its inputs (name, spec), the call node and its output count.</summary>
    internal sealed record RootFunction(string Name, IReadOnlyList<(string Placeholder, TensorSpec Spec)> Inputs, string CallNode, IReadOnlyList<Backend.DType> Outputs);

    /// <summary>Adds the nodes that call each usable root function to <paramref name="graph"/> (a copy of the meta graph's).</summary>
    internal static List<RootFunction> AddCalls(MetaGraphDef meta, GraphDef graph)
    {
        var result = new List<RootFunction>();
        SavedObjectGraph? objects = meta.ObjectGraphDef;
        if (objects is null || objects.Nodes.Count == 0)
        {
            return result;
        }

        var library = graph.Library?.Function.ToDictionary(f => f.Signature.Name, StringComparer.Ordinal) ?? [];
        var handles = graph.Node.Where(n => n.Op == "VarHandleOp").ToDictionary(n => n.Attr.TryGetValue("shared_name", out AttrValue? s) && !s.S.IsEmpty ? s.S.ToStringUtf8() : n.Name, n => n.Name, StringComparer.Ordinal);
        foreach (var child in objects.Nodes[0].Children)
        {
            if (child.NodeId < 0 || child.NodeId >= objects.Nodes.Count || objects.Nodes[child.NodeId].Function is not { ConcreteFunctions.Count: 1 } function
                || !objects.ConcreteFunctions.TryGetValue(function.ConcreteFunctions[0], out SavedConcreteFunction? concrete)
                || !library.TryGetValue(function.ConcreteFunctions[0], out FunctionDef? def)
                || Specs(concrete.CanonicalizedInputSignature) is not { } specs
                || !Captures(concrete, objects, handles, out List<string> captured))
            {
                continue;
            }

            string call = "__root_function_" + child.LocalName;
            var inputs = new List<(string, TensorSpec)>();
            var callNode = new NodeDef { Name = call, Op = "StatefulPartitionedCall" };
            var tin = new AttrValue.Types.ListValue();
            for (int i = 0; i < specs.Count; i++)
            {
                TensorSpecProto spec = specs[i];
                string placeholder = $"{call}_arg{i.ToString(CultureInfo.InvariantCulture)}";
                var node = new NodeDef { Name = placeholder, Op = "Placeholder" };
                node.Attr["dtype"] = new AttrValue { Type = spec.Dtype };
                graph.Node.Add(node);
                callNode.Input.Add(placeholder);
                tin.Type.Add(spec.Dtype);
                long?[]? shape = spec.Shape is null || spec.Shape.UnknownRank ? null : spec.Shape.Dim.Select(d => d.Size < 0 ? (long?)null : d.Size).ToArray();
                string name = string.IsNullOrEmpty(spec.Name) ? "arg_" + i.ToString(CultureInfo.InvariantCulture) : spec.Name;
                inputs.Add((placeholder, new TensorSpec(name, TfDataTypes.ToDType(spec.Dtype) ?? Backend.DType.Float32, shape)));
            }

            foreach (string handle in captured)
            {
                callNode.Input.Add(handle);
                tin.Type.Add(DataType.DtResource);
            }

            var tout = new AttrValue.Types.ListValue();
            tout.Type.AddRange(def.Signature.OutputArg.Select(a => a.Type));
            callNode.Attr["f"] = new AttrValue { Func = new NameAttrList { Name = def.Signature.Name } };
            callNode.Attr["Tin"] = new AttrValue { List = tin };
            callNode.Attr["Tout"] = new AttrValue { List = tout };
            graph.Node.Add(callNode);
            result.Add(new RootFunction(child.LocalName, inputs, call, def.Signature.OutputArg.Select(o => TfDataTypes.ToDType(o.Type) ?? Backend.DType.Float32).ToList()));
        }

        return result;
    }

    /// <summary>The positional tensor arguments of <c>((args...), {})</c>, or null when any is not a plain tensor spec.</summary>
    private static List<TensorSpecProto>? Specs(StructuredValue? signature)
    {
        if (signature?.TupleValue is not { Values.Count: 2 } pair || pair.Values[0].TupleValue is not { } args
            || pair.Values[1].DictValue is { Fields.Count: > 0 })
        {
            return null;
        }

        var specs = args.Values.Select(v => v.TensorSpecValue).ToList();
        return specs.All(s => s is not null) ? specs! : null;
    }

    /// <summary>The outer-graph handles of the variables the function captures, when every capture is one.</summary>
    private static bool Captures(SavedConcreteFunction concrete, SavedObjectGraph objects, Dictionary<string, string> handles, out List<string> captured)
    {
        captured = [];
        foreach (int id in concrete.BoundInputs)
        {
            if (id < 0 || id >= objects.Nodes.Count || objects.Nodes[id].Variable is not { } v || !handles.TryGetValue(v.Name, out string? handle))
            {
                return false;
            }

            captured.Add(handle);
        }

        return true;
    }
}
