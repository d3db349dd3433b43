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
        ["Abs"] = (["x:T"], "y:T", ["T:type"], false),
        ["Erf"] = (["x:T"], "y:T", ["T:type"], false),
        ["Relu6"] = (["features:T"], "activations:T", ["T:type"], false),
        ["LeakyRelu"] = (["features:T"], "activations:T", ["alpha:float", "T:type"], false),
        ["LogSoftmax"] = (["logits:T"], "logsoftmax:T", ["T:type"], false),
        ["ZerosLike"] = (["x:T"], "y:T", ["T:type"], false),
        ["Equal"] = (["x:T", "y:T"], "z:bool", ["T:type", "incompatible_shape_error:bool"], false),
        ["NotEqual"] = (["x:T", "y:T"], "z:bool", ["T:type", "incompatible_shape_error:bool"], false),
        ["Less"] = (["x:T", "y:T"], "z:bool", ["T:type"], false),
        ["LessEqual"] = (["x:T", "y:T"], "z:bool", ["T:type"], false),
        ["Greater"] = (["x:T", "y:T"], "z:bool", ["T:type"], false),
        ["GreaterEqual"] = (["x:T", "y:T"], "z:bool", ["T:type"], false),
        ["LogicalAnd"] = (["x:bool", "y:bool"], "z:bool", [], false),
        ["LogicalOr"] = (["x:bool", "y:bool"], "z:bool", [], false),
        ["LogicalNot"] = (["x:bool"], "y:bool", [], false),
        ["SelectV2"] = (["condition:bool", "t:T", "e:T"], "output:T", ["T:type"], false),
        ["ClipByValue"] = (["t:T", "clip_value_min:T", "clip_value_max:T"], "output:T", ["T:type"], false),
        ["Cast"] = (["x:SrcT"], "y:DstT", ["SrcT:type", "DstT:type", "Truncate:bool"], false),
        ["Max"] = (["input:T", "reduction_indices:Tidx"], "output:T", ["keep_dims:bool", "T:type", "Tidx:type"], false),
        ["Min"] = (["input:T", "reduction_indices:Tidx"], "output:T", ["keep_dims:bool", "T:type", "Tidx:type"], false),
        ["Prod"] = (["input:T", "reduction_indices:Tidx"], "output:T", ["keep_dims:bool", "T:type", "Tidx:type"], false),
        ["All"] = (["input:bool", "reduction_indices:Tidx"], "output:bool", ["keep_dims:bool", "Tidx:type"], false),
        ["Any"] = (["input:bool", "reduction_indices:Tidx"], "output:bool", ["keep_dims:bool", "Tidx:type"], false),
        ["ArgMax"] = (["input:T", "dimension:Tidx"], "output:output_type", ["T:type", "Tidx:type", "output_type:type"], false),
        ["Transpose"] = (["x:T", "perm:Tperm"], "y:T", ["T:type", "Tperm:type"], false),
        ["Pack"] = (["values:T*N"], "output:T", ["N:int", "T:type", "axis:int"], false),
        ["Slice"] = (["input:T", "begin:Index", "size:Index"], "output:T", ["T:type", "Index:type"], false),
        ["Split"] = (["split_dim:int32", "value:T"], "output:T*num_split", ["num_split:int", "T:type"], false),
        ["Tile"] = (["input:T", "multiples:Tmultiples"], "output:T", ["T:type", "Tmultiples:type"], false),
        ["Pad"] = (["input:T", "paddings:Tpaddings"], "output:T", ["T:type", "Tpaddings:type"], false),
        ["ReverseV2"] = (["tensor:T", "axis:Tidx"], "output:T", ["Tidx:type", "T:type"], false),
        ["GatherV2"] = (["params:Tparams", "indices:Tindices", "axis:Taxis"], "output:Tparams", ["batch_dims:int", "Tparams:type", "Tindices:type", "Taxis:type"], false),
        ["ResourceGather"] = (["resource:resource", "indices:Tindices"], "output:dtype", ["batch_dims:int", "validate_indices:bool", "dtype:type", "Tindices:type"], true),
        ["BatchMatMulV2"] = (["x:T", "y:T"], "output:T", ["T:type", "adj_x:bool", "adj_y:bool"], false),
        ["Einsum"] = (["inputs:T*N"], "output:T", ["equation:string", "N:int", "T:type"], false),
        ["Cumsum"] = (["x:T", "axis:Tidx"], "out:T", ["exclusive:bool", "reverse:bool", "T:type", "Tidx:type"], false),
        ["OneHot"] = (["indices:TI", "depth:int32", "on_value:T", "off_value:T"], "output:T", ["axis:int", "T:type", "TI:type"], false),
        ["Bucketize"] = (["input:T"], "output:int32", ["T:type", "boundaries:list(float)"], false),
        ["Fill"] = (["dims:index_type", "value:T"], "output:T", ["T:type", "index_type:type"], false),
        ["Shape"] = (["input:T"], "output:out_type", ["T:type", "out_type:type"], false),
        ["StridedSlice"] = (["input:T", "begin:Index", "end:Index", "strides:Index"], "output:T", ["T:type", "Index:type", "begin_mask:int", "end_mask:int", "ellipsis_mask:int", "new_axis_mask:int", "shrink_axis_mask:int"], false),
        ["DepthwiseConv2dNative"] = (["input:T", "filter:T"], "output:T", ["T:type", "strides:list(int)", "padding:string", "explicit_paddings:list(int)", "data_format:string", "dilations:list(int)"], false),
        ["Conv3D"] = (["input:T", "filter:T"], "output:T", ["T:type", "strides:list(int)", "padding:string", "data_format:string", "dilations:list(int)"], false),
        ["Conv2DBackpropInput"] = (["input_sizes:int32", "filter:T", "out_backprop:T"], "output:T", ["T:type", "strides:list(int)", "use_cudnn_on_gpu:bool", "padding:string", "explicit_paddings:list(int)", "data_format:string", "dilations:list(int)"], false),
        ["MaxPool3D"] = (["input:T"], "output:T", ["ksize:list(int)", "strides:list(int)", "padding:string", "data_format:string", "T:type"], false),
        ["AvgPool3D"] = (["input:T"], "output:T", ["ksize:list(int)", "strides:list(int)", "padding:string", "data_format:string", "T:type"], false),
        ["While"] = (["input:T*"], "output:T*", ["T:list(type)", "cond:func", "body:func", "output_shapes:list(shape)", "parallel_iterations:int"], true),
        ["StatelessWhile"] = (["input:T*"], "output:T*", ["T:list(type)", "cond:func", "body:func", "output_shapes:list(shape)", "parallel_iterations:int"], false),
        ["TensorListFromTensor"] = (["tensor:element_dtype", "element_shape:shape_type"], "output_handle:variant", ["element_dtype:type", "shape_type:type"], false),
        ["TensorListReserve"] = (["element_shape:shape_type", "num_elements:int32"], "handle:variant", ["element_dtype:type", "shape_type:type"], false),
        ["TensorListGetItem"] = (["input_handle:variant", "index:int32", "element_shape:int32"], "item:element_dtype", ["element_dtype:type"], false),
        ["TensorListSetItem"] = (["input_handle:variant", "index:int32", "item:element_dtype"], "output_handle:variant", ["element_dtype:type", "resize_if_index_out_of_bounds:bool"], false),
        ["TensorListStack"] = (["input_handle:variant", "element_shape:int32"], "tensor:element_dtype", ["element_dtype:type", "num_elements:int"], false),
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
            case "int32":
                arg.Type = DataType.DtInt32;
                break;
            case "bool":
                arg.Type = DataType.DtBool;
                break;
            case "variant":
                arg.Type = DataType.DtVariant;
                break;
            default:
                arg.TypeAttr = type;
                break;
        }

        return arg;
    }
}
