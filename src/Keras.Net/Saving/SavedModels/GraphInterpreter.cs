// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// Runs TensorFlow graphs: the outer graph of a SavedModel and the functions of its library, node by node, each
/// op through <see cref="GraphKernels"/> on TorchSharp via <see cref="Ops"/>. Attributes stripped because they equal
/// their default come back from the file's own OpDefs (formats.md 4.9). Variables live in the interpreter as
/// <see cref="VariableSlot"/>s; everything else is evaluated afresh on every run.
/// </summary>
internal sealed class GraphInterpreter
{
    private readonly Dictionary<string, NodeDef> _outer;
    private readonly Dictionary<string, FunctionDef> _functions;
    /// <summary>Each function's nodes by name, indexed and validated at load (read-only afterwards, so concurrent runs share it).</summary>
    private readonly Dictionary<string, Dictionary<string, NodeDef>> _functionNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpDef> _opDefs;

    /// <summary>Graphs with more nodes than this (outer graph and functions together) are refused.</summary>
    internal const int MaxNodes = 2_000_000;

    /// <summary>Function calls nest at most this deep (TensorFlow's own Keras graphs nest a handful).</summary>
    internal const int MaxCallDepth = 100;

    /// <summary>One run evaluates at most this many nodes, all calls included (fan-out cannot explode).</summary>
    internal const long MaxEvaluations = 5_000_000;

    [ThreadStatic]
    private static int t_depth;

    [ThreadStatic]
    private static long t_evaluations;

    internal GraphInterpreter(GraphDef graph, OpList? ops, string file)
    {
        File = file;
        var functions = graph.Library?.Function ?? [];
        long nodes = graph.Node.Count + functions.Sum(f => (long)f.NodeDef.Count);
        if (nodes > MaxNodes)
        {
            throw Unsupported($"has {nodes} nodes, more than the {MaxNodes} this interpreter accepts", "the graph");
        }

        _outer = Index(graph.Node, "the graph");
        _functions = new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        foreach (FunctionDef f in functions)
        {
            string name = f.Signature?.Name ?? string.Empty;
            if (name.Length == 0 || !_functions.TryAdd(name, f))
            {
                throw Unsupported($"defines function '{ErrorText.Clip(name, 200)}' twice or without a name", "library");
            }
        }

        _opDefs = (ops?.Op ?? []).GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        ValidateInputs(_outer, null, "the graph");
        foreach (var (name, f) in _functions)
        {
            var body = Index(f.NodeDef, name);
            _functionNodes[name] = body;
            ValidateInputs(body, f, name);
        }

        RejectRecursion();
    }

    /// <summary>Every input of every node names a node (or, in a function, an argument) that exists: checked once at load.</summary>
    private void ValidateInputs(Dictionary<string, NodeDef> nodes, FunctionDef? function, string where)
    {
        var args = function?.Signature.InputArg.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (NodeDef node in nodes.Values)
        {
            foreach (string input in node.Input)
            {
                string[] parts = (input.StartsWith('^') ? input[1..] : input).Split(':');
                bool known = nodes.ContainsKey(parts[0]) || (args is not null && parts.Length == 1 && args.Contains(parts[0]));
                bool wellFormed = function is null
                    ? parts.Length == 1 || (parts.Length == 2 && int.TryParse(parts[1], out int k) && k >= 0)
                    : parts.Length is 1 or 3 && (parts.Length == 1 || (int.TryParse(parts[2], out int j) && j >= 0));
                if (!known || !wellFormed)
                {
                    throw Unsupported($"has node '{ErrorText.Clip(node.Name, 200)}' reading '{ErrorText.Clip(input, 200)}', which names no node or argument", where);
                }
            }
        }
    }

    /// <summary>The saved_model.pb the graph came from (for messages).</summary>
    internal string File { get; }

    /// <summary>Resource variables by shared name, and TF1 variables by node name.</summary>
    internal Dictionary<string, VariableSlot> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Lookup tables by shared name (they persist across runs, filled by the init op).</summary>
    internal Dictionary<string, Dictionary<string, object>> Tables { get; } = new(StringComparer.Ordinal);

    /// <summary>Checkpoints opened by <c>RestoreV2</c> during a run, closed after it.</summary>
    internal Dictionary<string, Checkpoints.BundleReader> OpenBundles { get; } = new(StringComparer.Ordinal);

    internal bool HasFunction(string name) => _functions.ContainsKey(name);

    internal bool HasNode(string name) => _outer.ContainsKey(name);

    /// <summary>
    /// The shared names of the resource variables an outer-graph node reads directly (a signature's
    /// StatefulPartitionedCall takes its variables' handles as inputs).
    /// </summary>
    internal IReadOnlyList<string> VariablesFedTo(string node) =>
        _outer.TryGetValue(node, out NodeDef? n)
            ? n.Input.Select(i => i.Split(':')[0]).Where(i => _outer.TryGetValue(i, out NodeDef? h) && h.Op == "VarHandleOp")
                .Select(i => _outer[i].Attr.TryGetValue("shared_name", out AttrValue? s) && !s.S.IsEmpty ? s.S.ToStringUtf8() : i).ToList()
            : [];

    /// <summary>Evaluates outer-graph tensors (<c>node:k</c>) and runs <paramref name="targets"/> (nodes run for their effect).</summary>
    internal GraphValue[] Run(IReadOnlyList<string> fetches, IReadOnlyDictionary<string, GraphValue> feeds, IReadOnlyList<string>? targets = null)
    {
        if (t_depth == 0)
        {
            t_evaluations = 0;
        }

        t_depth++;
        var frame = new Frame(this, _outer, null, "the graph");
        foreach (var (name, value) in feeds)
        {
            frame.Feeds[Canonical(name)] = value;
        }

        try
        {
            foreach (string t in targets ?? [])
            {
                frame.Resolve("^" + t);
            }

            return fetches.Select(f => GraphKernels.Deref(frame.Resolve(f), f)).ToArray();
        }
        finally
        {
            t_depth--;
            foreach (var bundle in OpenBundles.Values)
            {
                bundle.Dispose();
            }

            OpenBundles.Clear();
        }
    }

    /// <summary>Calls a library function with its arguments in signature order; returns its outputs in order.</summary>
    internal GraphValue[] Call(string function, IReadOnlyList<GraphValue> args, string caller)
    {
        if (!_functions.TryGetValue(function, out FunctionDef? f))
        {
            throw Unsupported($"calls function '{ErrorText.Clip(function, 200)}', which the library does not define", caller);
        }

        if (t_depth >= MaxCallDepth)
        {
            throw Unsupported($"nests function calls deeper than {MaxCallDepth}", caller);
        }

        if (t_depth == 0)
        {
            t_evaluations = 0;
        }

        t_depth++;
        try
        {
            return CallBody(function, f, args, caller);
        }
        finally
        {
            t_depth--;
        }
    }

    private GraphValue[] CallBody(string function, FunctionDef f, IReadOnlyList<GraphValue> args, string caller)
    {
        var nodes = _functionNodes[function];

        var frame = new Frame(this, nodes, f, function);
        var inputs = f.Signature.InputArg;
        if (inputs.Count != args.Count)
        {
            throw Unsupported($"passes {args.Count} arguments to '{function}', which takes {inputs.Count}", caller);
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            frame.Args[inputs[i].Name] = args[i];
        }

        foreach (string node in f.ControlRet.Values)
        {
            frame.Resolve("^" + node);
        }

        return f.Signature.OutputArg.Select(o => f.Ret.TryGetValue(o.Name, out string? r)
            ? frame.Resolve(r)
            : throw Unsupported($"has no return value for output '{o.Name}'", function)).ToArray();
    }

    /// <summary>An attribute of a node, or its OpDef default when the writer stripped it.</summary>
    internal AttrValue? Attr(NodeDef node, string name)
    {
        if (node.Attr.TryGetValue(name, out AttrValue? v))
        {
            return v;
        }

        return _opDefs.TryGetValue(node.Op, out OpDef? def) ? def.Attr.FirstOrDefault(a => a.Name == name)?.DefaultValue : null;
    }

    /// <summary>
    /// Refuses a path (a restore op's checkpoint prefix) outside the folder the graph came from: a hostile graph could
    /// otherwise read any checkpoint on the machine into its variables.
    /// </summary>
    internal void RequireInsideFolder(string path, string where)
    {
        string folder = System.IO.Path.GetFullPath(System.IO.Path.GetDirectoryName(File) ?? ".");
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Unsupported($"names the path '{ErrorText.Clip(path)}', which is not a valid path", where);
        }

        if (!full.StartsWith(folder + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Unsupported($"reads '{ErrorText.Clip(path)}', outside its SavedModel folder {folder}; refusing (only the folder's own variables/ may be restored)", where);
        }
    }

    internal Exception Unsupported(string what, string where) =>
        new KerasFormatException($"The TensorFlow graph {what}.", where, File);

    /// <summary>The flat output index of <c>node:out_arg:k</c> inside a function body.</summary>
    private int OutputIndex(NodeDef node, string arg, int k, string where)
    {
        IEnumerable<OpDef.Types.ArgDef> outputs;
        if (_functions.TryGetValue(node.Op, out FunctionDef? callee))
        {
            outputs = callee.Signature.OutputArg;
        }
        else if (_opDefs.TryGetValue(node.Op, out OpDef? def))
        {
            outputs = def.OutputArg;
        }
        else
        {
            return k;
        }

        int offset = 0;
        foreach (OpDef.Types.ArgDef a in outputs)
        {
            if (a.Name == arg)
            {
                return offset + k;
            }

            offset += !string.IsNullOrEmpty(a.NumberAttr) ? (int)(Attr(node, a.NumberAttr)?.I ?? 1)
                : !string.IsNullOrEmpty(a.TypeListAttr) ? Attr(node, a.TypeListAttr)?.List?.Type.Count ?? 1
                : 1;
        }

        throw Unsupported($"refers to output '{arg}' that op {node.Op} does not have", where);
    }

    private Dictionary<string, NodeDef> Index(IEnumerable<NodeDef> nodes, string where)
    {
        var result = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (NodeDef n in nodes)
        {
            if (!result.TryAdd(n.Name, n))
            {
                throw Unsupported($"defines node '{n.Name}' twice", where);
            }
        }

        return result;
    }

    /// <summary>
    /// Refuses libraries whose functions call themselves, directly or through others (by a call op's function
    /// attribute or by using a function's name as the op), before anything runs: the interpreter would never finish.
    /// </summary>
    private void RejectRecursion()
    {
        var callees = _functions.ToDictionary(kv => kv.Key, kv => Callees(kv.Value).Where(_functions.ContainsKey).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string root in _functions.Keys)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            // Iterative depth-first search: 1 = on the current path, 2 = finished.
            var stack = new Stack<(string Name, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (name, next) = stack.Pop();
                string[] outs = callees[name];
                if (next >= outs.Length)
                {
                    state[name] = 2;
                    continue;
                }

                stack.Push((name, next + 1));
                string callee = outs[next];
                if (!state.TryGetValue(callee, out int s))
                {
                    state[callee] = 1;
                    stack.Push((callee, 0));
                }
                else if (s == 1)
                {
                    throw Unsupported($"has recursive functions ('{ErrorText.Clip(name, 200)}' calls '{ErrorText.Clip(callee, 200)}', which leads back to it); TensorFlow graphs never recurse", "library");
                }
            }
        }
    }

    private static IEnumerable<string> Callees(FunctionDef f)
    {
        foreach (NodeDef n in f.NodeDef)
        {
            yield return n.Op;
            foreach (AttrValue a in n.Attr.Values)
            {
                if (a.Func is { } fn)
                {
                    yield return fn.Name;
                }

                foreach (NameAttrList listed in a.List?.Func ?? [])
                {
                    yield return listed.Name;
                }
            }
        }
    }

    private static string Canonical(string tensor) => tensor.Contains(':', StringComparison.Ordinal) ? tensor : tensor + ":0";

    /// <summary>One activation of a graph or function body: arguments, feeds and the outputs computed so far.</summary>
    private sealed class Frame(GraphInterpreter owner, Dictionary<string, NodeDef> nodes, FunctionDef? function, string name)
    {
        private readonly Dictionary<string, GraphValue[]> _done = new(StringComparer.Ordinal);
        private readonly HashSet<string> _active = new(StringComparer.Ordinal);

        internal Dictionary<string, GraphValue> Args { get; } = new(StringComparer.Ordinal);

        internal Dictionary<string, GraphValue> Feeds { get; } = new(StringComparer.Ordinal);

        /// <summary>The value an input string names (<c>x</c>, <c>node:1</c>, <c>node:out:0</c>, <c>^node</c>).</summary>
        internal GraphValue Resolve(string input)
        {
            if (input.StartsWith('^'))
            {
                Evaluate(input[1..]);
                return GraphValue.None;
            }

            string[] parts = input.Split(':');
            if (function is not null)
            {
                if (parts.Length == 1 && Args.TryGetValue(parts[0], out GraphValue? arg))
                {
                    return arg;
                }

                if (parts.Length == 3 && nodes.TryGetValue(parts[0], out NodeDef? node) && int.TryParse(parts[2], out int k))
                {
                    return Pick(Evaluate(parts[0]), owner.OutputIndex(node, parts[1], k, name), input);
                }

                if (parts.Length == 1 && nodes.ContainsKey(parts[0]))
                {
                    return Pick(Evaluate(parts[0]), 0, input);
                }

                throw owner.Unsupported($"refers to '{input}', which is neither an argument nor a node output", name);
            }

            string canonical = Canonical(input);
            if (Feeds.TryGetValue(canonical, out GraphValue? fed))
            {
                return fed;
            }

            int index = parts.Length == 2 && int.TryParse(parts[1], out int i) ? i : 0;
            return Pick(Evaluate(parts[0]), index, input);
        }

        private GraphValue Pick(GraphValue[] outputs, int index, string input) =>
            index >= 0 && index < outputs.Length ? outputs[index] : throw owner.Unsupported($"refers to output {index} of a node with {outputs.Length}: '{input}'", name);

        /// <summary>
        /// Evaluates a node after everything it depends on, with an explicit stack (a chain of 100,000 nodes must not
        /// exhaust the thread's stack), detecting cycles; each kernel runs under <see cref="RunKernel"/>.
        /// </summary>
        private GraphValue[] Evaluate(string nodeName)
        {
            if (_done.TryGetValue(nodeName, out GraphValue[]? cached))
            {
                return cached;
            }

            var stack = new Stack<(string Name, bool Expanded)>();
            stack.Push((nodeName, false));
            while (stack.Count > 0)
            {
                var (current, expanded) = stack.Pop();
                if (_done.ContainsKey(current))
                {
                    continue;
                }

                if (!nodes.TryGetValue(current, out NodeDef? node))
                {
                    throw owner.Unsupported($"refers to node '{ErrorText.Clip(current, 200)}', which does not exist", name);
                }

                if (expanded)
                {
                    // Control dependencies first (an Assign before the read that follows it), then the data inputs:
                    // all are done now, so Resolve only looks them up.
                    foreach (string control in node.Input.Where(i => i.StartsWith('^')))
                    {
                        Resolve(control);
                    }

                    var inputs = node.Input.Where(i => !i.StartsWith('^')).Select(Resolve).ToList();
                    _done[current] = RunKernel(node, inputs);
                    _active.Remove(current);
                    continue;
                }

                if (!_active.Add(current))
                {
                    throw owner.Unsupported($"has a cycle through node '{ErrorText.Clip(current, 200)}' (control flow loops are not supported)", name);
                }

                stack.Push((current, true));

                // Pushed in reverse so they run in order: control inputs first, then data inputs.
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int i = node.Input.Count - 1; i >= 0; i--)
                    {
                        string input = node.Input[i];
                        if (input.StartsWith('^') != (pass == 1) || Dependency(input) is not { } dependency || _done.ContainsKey(dependency))
                        {
                            continue;
                        }

                        if (_active.Contains(dependency))
                        {
                            throw owner.Unsupported($"has a cycle through node '{ErrorText.Clip(dependency, 200)}' (control flow loops are not supported)", name);
                        }

                        stack.Push((dependency, false));
                    }
                }
            }

            return _done[nodeName];
        }

        /// <summary>The node an input string needs evaluated first, or null (an argument, a fed tensor).</summary>
        private string? Dependency(string input)
        {
            if (input.StartsWith('^'))
            {
                return input[1..];
            }

            int colon = input.IndexOf(':', StringComparison.Ordinal);
            string node = colon < 0 ? input : input[..colon];
            if (function is not null)
            {
                return colon < 0 && Args.ContainsKey(node) ? null : nodes.ContainsKey(node) ? node : null;
            }

            return Feeds.Count > 0 && Feeds.ContainsKey(Canonical(input)) ? null : node;
        }

        /// <summary>
        /// Runs one kernel; any failure that is not already the file's fault in words becomes a
        /// <see cref="KerasFormatException"/> naming the node (libtorch's C++ frames dropped).
        /// </summary>
        private GraphValue[] RunKernel(NodeDef node, List<GraphValue> inputs)
        {
            if (++t_evaluations > MaxEvaluations)
            {
                throw owner.Unsupported($"needs more than {MaxEvaluations} node evaluations for one run", name);
            }

            string where = $"{name}/{node.Name}";
            try
            {
                return GraphKernels.Run(owner, node, inputs, where);
            }
            catch (Exception e) when (e is not KerasFormatException and not OperationCanceledException)
            {
                throw new KerasFormatException($"Op {ErrorText.Clip(node.Op, 200)} failed: {ErrorText.Describe(e)}", ErrorText.Clip(where, 500), owner.File, e);
            }
        }
    }
}
