// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Keras.Net.Backend;
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// A scan written as tf.keras writes an RNN (formats.md 4.5): the sequences made time-major and turned into
/// <c>TensorListFromTensor</c>s, a <c>While</c> whose body reads one item per step (<c>TensorListGetItem</c>), runs the
/// step and stores its outputs (<c>TensorListSetItem</c> into <c>TensorListReserve</c>d lists), then
/// <c>TensorListStack</c> after the loop. Loop variables: counter, length, output lists, states, input lists, captures.
/// </summary>
internal sealed partial class TfGraphRecorder
{
    private const string Counter = "loop_counter";
    private const string Length = "loop_length";

    /// <inheritdoc />
    public void BeginLoop(IReadOnlyList<Tensor> initial, IReadOnlyList<Tensor> sequences, long axis, bool reverse, IReadOnlyList<Tensor> carry, IReadOnlyList<Tensor> steps)
    {
        long rank = Ops.ShapeOf(sequences[0]).Rank;
        long a = axis < 0 ? axis + rank : axis;
        var lists = new List<string>();
        string? length = null;
        foreach (Tensor s in sequences)
        {
            long r = Ops.ShapeOf(s).Rank;
            string timeMajor = NameOf(s, "a loop's sequence");
            long[] perm = [a, .. Enumerable.Range(0, (int)r).Where(i => i != a).Select(i => (long)i)];
            if (a != 0)
            {
                timeMajor = Transpose(s, timeMajor, perm);
            }

            if (reverse)
            {
                NodeDef flip = Node("ReverseV2", "ReverseV2", [timeMajor, IntVector([0])]);
                flip.Attr["T"] = TypeOf(s);
                flip.Attr["Tidx"] = Type(DType.Int32);
                timeMajor = Out(flip);
            }

            length ??= TimeSteps(s, timeMajor);
            NodeDef list = Node("TensorListFromTensor", "TensorArrayUnstack/TensorListFromTensor", [timeMajor, IntVector([-1], scalar: true)]);
            list.Attr["element_dtype"] = TypeOf(s);
            list.Attr["shape_type"] = Type(DType.Int32);
            lists.Add(Out(list));
        }

        var loop = new Loop(a, initial.Select(t => NameOf(t, "a loop's initial state")).ToList(), initial.Select(TypeOf).ToList(), lists, length!);
        var body = new Frame(_frame) { Loop = loop };
        _frame = body;
        for (int i = 0; i < carry.Count; i++)
        {
            body.Names[carry[i]] = "carry_" + i.ToString(CultureInfo.InvariantCulture);
        }

        for (int i = 0; i < steps.Count; i++)
        {
            NodeDef item = Node("TensorListGetItem", "TensorArrayV2Read/TensorListGetItem", ["sequence_" + i.ToString(CultureInfo.InvariantCulture), Counter, IntVector([-1], scalar: true)]);
            item.Attr["element_dtype"] = TypeOf(steps[i]);
            body.Names[steps[i]] = Out(item);
        }
    }

    /// <inheritdoc />
    public void EndLoopBody(IReadOnlyList<Tensor> nextCarry, IReadOnlyList<Tensor> stepOutputs)
    {
        Frame body = _frame;
        Loop loop = body.Loop ?? throw new InvalidOperationException("EndLoopBody without BeginLoop.");
        var results = new List<string>();
        var outTypes = stepOutputs.Select(TypeOf).ToList();
        var outArgs = new List<string>();
        for (int i = 0; i < stepOutputs.Count; i++)
        {
            string arg = "outputs_" + i.ToString(CultureInfo.InvariantCulture);
            outArgs.Add(arg);
            NodeDef set = Node("TensorListSetItem", "TensorArrayV2Write/TensorListSetItem", [arg, Counter, NameOf(stepOutputs[i], "a loop's output")]);
            set.Attr["element_dtype"] = outTypes[i];
            results.Add(Out(set));
        }

        var carried = nextCarry.Select(t => NameOf(t, "a loop's state")).ToList();
        NodeDef next = Node("AddV2", "add", [Counter, Scalar(1, DType.Int32)]);
        next.Attr["T"] = Type(DType.Int32);
        _frame = body.Parent!;

        // Loop variables: counter, length, output lists, states, input lists, captures (in this order, in and out).
        var args = new List<(string Name, AttrValue Type)> { (Counter, Type(DType.Int32)), (Length, Type(DType.Int32)) };
        args.AddRange(outArgs.Select((n, i) => (n, new AttrValue { Type = DataType.DtVariant })));
        args.AddRange(loop.InitialTypes.Select((t, i) => ("carry_" + i.ToString(CultureInfo.InvariantCulture), t)));
        args.AddRange(loop.Lists.Select((_, i) => ("sequence_" + i.ToString(CultureInfo.InvariantCulture), new AttrValue { Type = DataType.DtVariant })));
        args.AddRange(body.Captures.Select(c => (c.Arg, new AttrValue { Type = c.Type })));
        var rets = new List<string> { Out(next), Length };
        rets.AddRange(results);
        rets.AddRange(carried);
        rets.AddRange(loop.Lists.Select((_, i) => "sequence_" + i.ToString(CultureInfo.InvariantCulture)));
        rets.AddRange(body.Captures.Select(c => c.Arg));

        int id = Functions.Count;
        FunctionDef bodyFn = Function($"while_body_{id}", args, rets);
        bodyFn.Signature.IsStateful = body.Stateful;
        bodyFn.NodeDef.AddRange(body.Nodes);
        FunctionDef condFn = Condition($"while_cond_{id}", args);
        Functions.Add(bodyFn);
        Functions.Add(condFn);

        // The outer inputs: a zero counter, the length, reserved output lists, the initial states, the input lists, the captured values.
        var inputs = new List<string> { Scalar(0, DType.Int32), loop.Length };
        for (int i = 0; i < stepOutputs.Count; i++)
        {
            NodeDef reserve = Node("TensorListReserve", "TensorArrayV2", [IntVector([-1], scalar: true), loop.Length]);
            reserve.Attr["element_dtype"] = outTypes[i];
            reserve.Attr["shape_type"] = Type(DType.Int32);
            inputs.Add(Out(reserve));
        }

        inputs.AddRange(loop.Initial);
        inputs.AddRange(loop.Lists);
        inputs.AddRange(body.Captures.Select(c => c.Outer));
        NodeDef loopNode = Node(body.Stateful ? "While" : "StatelessWhile", "while", inputs);
        var types = new AttrValue.Types.ListValue();
        types.Type.AddRange(args.Select(p => p.Type.Type));
        loopNode.Attr["T"] = new AttrValue { List = types };
        loopNode.Attr["body"] = new AttrValue { Func = new NameAttrList { Name = bodyFn.Signature.Name } };
        loopNode.Attr["cond"] = new AttrValue { Func = new NameAttrList { Name = condFn.Signature.Name } };
        loopNode.Attr["parallel_iterations"] = new AttrValue { I = 32 };
        loop.Node = loopNode;
        loop.OutputTypes = outTypes;
        _lastLoop = loop;
    }

    /// <inheritdoc />
    public void EndLoop(IReadOnlyList<Tensor> finalCarry, IReadOnlyList<Tensor> stacked)
    {
        Loop loop = _lastLoop ?? throw new InvalidOperationException("EndLoop without a loop body.");
        _lastLoop = null;
        int outputs = loop.OutputTypes.Count;
        for (int i = 0; i < finalCarry.Count; i++)
        {
            Bind(finalCarry[i], Out(loop.Node!, 2 + outputs + i));
        }

        for (int i = 0; i < stacked.Count; i++)
        {
            NodeDef stack = Node("TensorListStack", "TensorArrayV2Stack/TensorListStack", [Out(loop.Node!, 2 + i), IntVector([-1], scalar: true)]);
            stack.Attr["element_dtype"] = loop.OutputTypes[i];
            stack.Attr["num_elements"] = new AttrValue { I = -1 };
            string result = Out(stack);
            long rank = Ops.ShapeOf(stacked[i]).Rank;
            if (loop.Axis != 0)
            {
                // Back from time-major: the inverse of moving the loop axis first.
                long[] perm = Enumerable.Range(0, (int)rank).Select(k => k == loop.Axis ? 0L : k < loop.Axis ? k + 1 : k).ToArray();
                result = Transpose(stacked[i], result, perm);
            }

            Bind(stacked[i], result);
        }
    }

    private Loop? _lastLoop;

    /// <summary>The number of steps: the first axis of the time-major sequence, read when the graph runs.</summary>
    private string TimeSteps(Tensor like, string timeMajor)
    {
        NodeDef shape = Node("Shape", "Shape", [timeMajor]);
        shape.Attr["T"] = TypeOf(like);
        shape.Attr["out_type"] = Type(DType.Int32);
        NodeDef first = Node("StridedSlice", "strided_slice", [Out(shape), IntVector([0]), IntVector([1]), IntVector([1])]);
        first.Attr["T"] = Type(DType.Int32);
        first.Attr["Index"] = Type(DType.Int32);
        foreach (string mask in new[] { "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask" })
        {
            first.Attr[mask] = new AttrValue { I = 0 };
        }

        first.Attr["shrink_axis_mask"] = new AttrValue { I = 1 };
        return Out(first);
    }

    private static FunctionDef Function(string name, List<(string Name, AttrValue Type)> args, List<string> rets)
    {
        var fn = new FunctionDef { Signature = new OpDef { Name = name } };
        for (int i = 0; i < args.Count; i++)
        {
            fn.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = args[i].Name, Type = args[i].Type.Type });
            string output = "identity_" + i.ToString(CultureInfo.InvariantCulture);
            fn.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = output, Type = args[i].Type.Type });
            fn.Ret[output] = rets[i];
        }

        return fn;
    }

    private FunctionDef Condition(string name, List<(string Name, AttrValue Type)> args)
    {
        var fn = new FunctionDef { Signature = new OpDef { Name = name } };
        foreach (var (arg, type) in args)
        {
            fn.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = arg, Type = type.Type });
        }

        var less = new NodeDef { Name = "Less", Op = "Less", Input = { Counter, Length } };
        less.Attr["T"] = Type(DType.Int32);
        OpsUsed.Add("Less");
        fn.NodeDef.Add(less);
        fn.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = "identity", Type = DataType.DtBool });
        fn.Ret["identity"] = "Less:z:0";
        return fn;
    }

    /// <summary>What a loop's body needs from the outside, and the While node once written.</summary>
    private sealed class Loop(long axis, List<string> initial, List<AttrValue> initialTypes, List<string> lists, string length)
    {
        public long Axis { get; } = axis;

        public List<string> Initial { get; } = initial;

        public List<AttrValue> InitialTypes { get; } = initialTypes;

        public List<string> Lists { get; } = lists;

        public string Length { get; } = length;

        public NodeDef? Node { get; set; }

        public List<AttrValue> OutputTypes { get; set; } = [];
    }
}
