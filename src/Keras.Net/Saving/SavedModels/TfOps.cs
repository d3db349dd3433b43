// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// The OpDefs of the TensorFlow ops Keras.Net writes (argument names and attributes as in TensorFlow's op
/// registry), for a meta graph's <c>stripped_op_list</c> and for naming outputs (<c>MatMul:product:0</c>).
/// </summary>
internal static class TfOps
{
    private static readonly Dictionary<string, (string[] In, string Out, string[] Attrs, bool Stateful)> Specs = new(StringComparer.Ordinal)
    {
        ["MatMul"] = (["a:T", "b:T"], "product:T", ["T:type", "transpose_a:bool", "transpose_b:bool"], false),
        ["BiasAdd"] = (["value:T", "bias:T"], "output:T", ["T:type", "data_format:string"], false),
        ["AddV2"] = (["x:T", "y:T"], "z:T", ["T:type"], false),
        ["Sub"] = (["x:T", "y:T"], "z:T", ["T:type"], false),
        ["Mul"] = (["x:T", "y:T"], "z:T", ["T:type"], false),
        ["RealDiv"] = (["x:T", "y:T"], "z:T", ["T:type"], false),
        ["Maximum"] = (["x:T", "y:T"], "z:T", ["T:type"], false),
        ["Minimum"] = (["x:T", "y:T"], "z:T", ["T:type"], false),
        ["Neg"] = (["x:T"], "y:T", ["T:type"], false),
        ["Exp"] = (["x:T"], "y:T", ["T:type"], false),
        ["Log"] = (["x:T"], "y:T", ["T:type"], false),
        ["Sqrt"] = (["x:T"], "y:T", ["T:type"], false),
        ["Square"] = (["x:T"], "y:T", ["T:type"], false),
        ["Relu"] = (["features:T"], "activations:T", ["T:type"], false),
        ["Elu"] = (["features:T"], "activations:T", ["T:type"], false),
        ["Selu"] = (["features:T"], "activations:T", ["T:type"], false),
        ["Softplus"] = (["features:T"], "activations:T", ["T:type"], false),
        ["Softsign"] = (["features:T"], "activations:T", ["T:type"], false),
        ["Sigmoid"] = (["x:T"], "y:T", ["T:type"], false),
        ["Tanh"] = (["x:T"], "y:T", ["T:type"], false),
        ["Softmax"] = (["logits:T"], "softmax:T", ["T:type"], false),
        ["Identity"] = (["input:T"], "output:T", ["T:type"], false),
        ["Reshape"] = (["tensor:T", "shape:Tshape"], "output:T", ["T:type", "Tshape:type"], false),
        ["ConcatV2"] = (["values:T*N", "axis:Tidx"], "output:T", ["N:int", "T:type", "Tidx:type"], false),
        ["Const"] = ([], "output:dtype", ["value:tensor", "dtype:type"], false),
        ["Placeholder"] = ([], "output:dtype", ["dtype:type", "shape:shape"], false),
        ["ReadVariableOp"] = (["resource:resource"], "value:dtype", ["dtype:type"], true),
        ["VarHandleOp"] = ([], "resource:resource", ["container:string", "shared_name:string", "dtype:type", "shape:shape", "allowed_devices:list(string)"], true),
        ["AssignVariableOp"] = (["resource:resource", "value:dtype"], string.Empty, ["dtype:type", "validate_shape:bool"], true),
        ["RestoreV2"] = (["prefix:string", "tensor_names:string", "shape_and_slices:string"], "tensors:dtypes*", ["dtypes:list(type)"], true),
        ["NoOp"] = ([], string.Empty, [], false),
        ["ExpandDims"] = (["input:T", "dim:Tdim"], "output:T", ["T:type", "Tdim:type"], false),
        ["Squeeze"] = (["input:T"], "output:T", ["T:type", "squeeze_dims:list(int)"], false),
        ["Mean"] = (["input:T", "reduction_indices:Tidx"], "output:T", ["keep_dims:bool", "T:type", "Tidx:type"], false),
        ["Sum"] = (["input:T", "reduction_indices:Tidx"], "output:T", ["keep_dims:bool", "T:type", "Tidx:type"], false),
        ["Conv2D"] = (["input:T", "filter:T"], "output:T", ["T:type", "strides:list(int)", "use_cudnn_on_gpu:bool", "padding:string", "explicit_paddings:list(int)", "data_format:string", "dilations:list(int)"], false),
        ["MaxPool"] = (["input:T"], "output:T", ["T:type", "ksize:list(int)", "strides:list(int)", "padding:string", "explicit_paddings:list(int)", "data_format:string"], false),
        ["AvgPool"] = (["value:T"], "output:T", ["T:type", "ksize:list(int)", "strides:list(int)", "padding:string", "data_format:string"], false),
        ["StatefulPartitionedCall"] = (["args:Tin*"], "output:Tout*", ["Tin:list(type)", "Tout:list(type)", "f:func", "config:string", "config_proto:string", "executor_type:string"], true),
    };

    /// <summary>The name of an op's (single) output argument.</summary>
    internal static string OutputArg(string op) =>
        Specs.TryGetValue(op, out var spec) ? spec.Out.Split(':')[0] : "output";

    /// <summary>The OpDefs of <paramref name="ops"/>, sorted by name.</summary>
    internal static OpList OpList(IEnumerable<string> ops)
    {
        var list = new OpList();
        foreach (string name in ops.Distinct().Order(StringComparer.Ordinal))
        {
            if (!Specs.TryGetValue(name, out var spec))
            {
                continue;
            }

            var def = new OpDef { Name = name, IsStateful = spec.Stateful };
            def.InputArg.AddRange(spec.In.Select(Arg));
            if (spec.Out.Length > 0)
            {
                def.OutputArg.Add(Arg(spec.Out));
            }

            foreach (string a in spec.Attrs)
            {
                string[] p = a.Split(':');
                def.Attr.Add(new OpDef.Types.AttrDef { Name = p[0], Type = p[1] });
            }

            list.Op.Add(def);
        }

        return list;
    }

    private static OpDef.Types.ArgDef Arg(string text)
    {
        string[] p = text.Split(':');
        var arg = new OpDef.Types.ArgDef { Name = p[0] };
        string type = p[1];
        if (type.EndsWith('*'))
        {
            type = type[..^1];
            if (type.Contains("*N", StringComparison.Ordinal))
            {
                arg.TypeAttr = type.Split('*')[0];
                arg.NumberAttr = "N";
                return arg;
            }

            arg.TypeListAttr = type;
            return arg;
        }

        if (type.Contains('*', StringComparison.Ordinal))
        {
            arg.TypeAttr = type.Split('*')[0];
            arg.NumberAttr = type.Split('*')[1];
            return arg;
        }

        switch (type)
        {
            case "resource":
                arg.Type = DataType.DtResource;
                break;
            case "string":
                arg.Type = DataType.DtString;
                break;
            default:
                arg.TypeAttr = type;
                break;
        }

        return arg;
    }
}
