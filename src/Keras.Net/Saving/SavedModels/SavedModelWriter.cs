// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Layers;
using Keras.Net.Models;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;
using Keras.Net.Saving.Hdf5;
using Keras.Net.Serialization;
using static Keras.Net.Protos.TrackableObjectGraph.Types.TrackableObject.Types;
using Proto = Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// Writes a model as a tf.keras SavedModel folder (formats.md 4): <c>saved_model.pb</c> (one meta graph tagged
/// <c>serve</c>: VarHandleOps, the serving signature calling the traced model function, the restore function wired
/// to the saver, the object graph), <c>keras_metadata.pb</c>, <c>variables/</c> and <c>assets/</c>. The folder is
/// built beside the target and swapped in, so a failed save leaves an existing model untouched.
/// </summary>
internal static class SavedModelWriter
{
    internal const string TensorFlowVersion = "2.12.0";
    private const int GraphProducer = 1395;

    internal static void Save(Model model, string folder, bool includeOptimizer, bool saveTraces)
    {
        if (!model.Built)
        {
            throw new InvalidOperationException($"Model \"{model.Name}\" has not been built yet; call it on data (or build it) before saving it as a SavedModel.");
        }

        string full = Path.GetFullPath(folder);
        string parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        if (File.Exists(full))
        {
            throw new IOException($"{full} is a file; a SavedModel is a folder. Remove it or save elsewhere.");
        }

        FileCommit.RecoverFolder(full);
        string temp = FileCommit.TempSibling(full);
        try
        {
            WriteFolder(model, temp, includeOptimizer, saveTraces);
            FileCommit.ReplaceFolder(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }

        FileCommit.SweepStale(full);
    }

    private static void WriteFolder(Model model, string dir, bool includeOptimizer, bool saveTraces)
    {
        Directory.CreateDirectory(Path.Combine(dir, "variables"));
        Directory.CreateDirectory(Path.Combine(dir, "assets"));
        IReadOnlyList<Variable> weights = model.Weights;
        ServingFunction? serving = saveTraces ? Trace(model, weights) : null;
        var signatures = serving is null ? null : new SavedModelNodes.SignatureMap([("serving_default", new SavedModelNodes.BareFunction(serving.Def.Signature.Name, serving.InputKeys))]);

        var (checkpoint, variables, objects, paths) = ObjectGraphWriter.Build(model, rootSelfEdge: false, SavedModelNodes.Children(model, includeOptimizer, signatures));
        ObjectGraphWriter.WriteBundle(Path.Combine(dir, "variables", "variables"), checkpoint, variables);

        var ids = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < objects.Count; i++)
        {
            ids[objects[i]] = i;
        }

        var keyOf = new Dictionary<Variable, string>(ReferenceEqualityComparer.Instance);
        foreach (var (key, variable) in variables)
        {
            keyOf.TryAdd(variable, key);
        }

        var meta = new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { TensorflowVersion = TensorFlowVersion, TensorflowGitVersion = "keras-net", StrippedDefaultAttrs = true },
            GraphDef = new GraphDef { Versions = new VersionDef { Producer = GraphProducer, MinConsumer = 12 }, Library = new FunctionDefLibrary() },
            SaverDef = new SaverDef { FilenameTensorName = "saver_filename:0", RestoreOpName = "StatefulPartitionedCall_1", Version = SaverDef.Types.CheckpointFormatVersion.V2 },
            ObjectGraphDef = ObjectGraph(objects, checkpoint, ids, serving, weights),
        };
        meta.MetaInfoDef.Tags.Add("serve");
        meta.CollectionDef["saved_model_main_op"] = new CollectionDef { NodeList = new CollectionDef.Types.NodeList { Value = { "NoOp" } } };

        var ops = new HashSet<string>(StringComparer.Ordinal) { "VarHandleOp", "Placeholder", "StatefulPartitionedCall", "NoOp", "RestoreV2", "Identity", "AssignVariableOp", "Const" };
        var graph = meta.GraphDef;
        foreach (Variable v in weights)
        {
            graph.Node.Add(VarHandle(v));
        }

        if (serving is not null)
        {
            AddServing(meta, serving, weights);
            ops.UnionWith(serving.Ops);
        }

        graph.Node.Add(new NodeDef { Name = "NoOp", Op = "NoOp" });
        graph.Node.Add(Placeholder("saver_filename", DataType.DtString, new TensorShapeProto()));
        FunctionDef restore = RestoreFunction(weights.Select(w => (keyOf[w], w)).ToList());
        graph.Library.Function.Add(restore);
        var call = Call("StatefulPartitionedCall_1", restore.Signature.Name, ["saver_filename", .. weights.Select(w => w.Path)], [DataType.DtString, .. weights.Select(_ => DataType.DtResource)], [DataType.DtString]);
        graph.Node.Add(call);
        meta.SignatureDef["__saved_model_init_op"] = new SignatureDef
        {
            Outputs = { ["__saved_model_init_op"] = new TensorInfo { Name = "NoOp", TensorShape = new TensorShapeProto { UnknownRank = true } } },
        };
        meta.MetaInfoDef.StrippedOpList = TfOps.OpList(ops);

        var savedModel = new Proto.SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { meta } };
        byte[] pb = savedModel.ToByteArray();
        File.WriteAllBytes(Path.Combine(dir, "saved_model.pb"), pb);
        File.WriteAllBytes(Path.Combine(dir, "fingerprint.pb"), SavedModelFingerprint.Compute(pb, savedModel, dir).ToByteArray());
        File.WriteAllBytes(Path.Combine(dir, "keras_metadata.pb"), KerasMetadata(model, objects, paths, includeOptimizer).ToByteArray());
    }

    /// <summary>The traced serving function and what the outer graph needs to call it.</summary>
    private sealed record ServingFunction(FunctionDef Def, IReadOnlyList<FunctionDef> Library, IReadOnlyList<string> InputKeys, IReadOnlyList<(string Key, DType DType, long?[] Shape)> Inputs, IReadOnlyList<(string Key, DType DType, long[] Shape)> Outputs, IReadOnlyCollection<string> Ops);

    /// <summary>Runs the model once on zeros with a <see cref="TfGraphRecorder"/> listening and turns the recorded ops into a function.</summary>
    private static ServingFunction Trace(Model model, IReadOnlyList<Variable> weights)
    {
        // Functional models trace on their Inputs; subclassed ones on the shape they were built for (tf.keras's input_1).
        var inputs = model.Inputs.Count > 0
            ? model.Inputs.Select((k, i) => (Key: model.HasNamedInputs ? model.InputNames[i] : k.Name.Split(':')[0], k.DType, Shape: k.Shape.ToArray<long?>())).ToList()
            : model.BuildInputShapes is [Shape built]
                ? [("input_1", model.DType, built.ToArray<long?>())]
                : throw new NotSupportedException($"Model \"{model.Name}\" has no Input and was not built on one input shape, so its serving signature cannot be traced; call it on data first, or save with saveTraces: false.");
        var def = new FunctionDef { Signature = new OpDef { Name = $"__inference_signature_wrapper_{Interlocked.Increment(ref _uid)}", IsStateful = true } };
        IReadOnlyList<Tensor> outputs;
        var samples = inputs.Select(i => Ops.Zeros([TraceBatch, .. i.Shape.Skip(1).Select(d => d ?? 1)], i.DType)).ToList();
        List<NodeDef> body;
        HashSet<string> usedOps;
        using (var tracer = new TfGraphRecorder())
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                string arg = Sanitize(inputs[i].Key);
                tracer.BindInput(samples[i], arg);
                def.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = arg, Type = TfDataTypes.FromDType(inputs[i].DType) });
            }

            foreach (Variable v in weights)
            {
                string arg = Sanitize(v.Path) + "_resource";
                tracer.BindVariable(v.Value, arg, v.DType);
                def.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = arg, Type = DataType.DtResource });
            }

            outputs = model.ApplyMulti(samples, training: false);
            var outputKeys = model.Outputs.Count == outputs.Count
                ? UniqueKeys(model.HasNamedOutputs ? model.OutputLayerNames : model.Outputs.Select(o => o.SourceLayer?.Name ?? "output").ToList())
                : Enumerable.Range(1, outputs.Count).Select(i => "output_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var order = Enumerable.Range(0, outputs.Count).OrderBy(i => outputKeys[i], StringComparer.Ordinal).ToList();
            for (int k = 0; k < order.Count; k++)
            {
                int i = order[k];
                string arg = "output_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                def.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = arg, Type = TfDataTypes.FromDType(Ops.DTypeOf(outputs[i])) });
                def.Ret[arg] = tracer.NameOf(outputs[i], "the model's output " + outputKeys[i]);
            }

            body = tracer.Nodes;
            usedOps = tracer.OpsUsed;
            def.NodeDef.AddRange(body);
            var outs = order.Select(i => (outputKeys[i], Ops.DTypeOf(outputs[i]), Ops.ShapeOf(outputs[i]).ToArray())).ToList();
            foreach (Tensor s in samples)
            {
                s.Dispose();
            }

            foreach (Tensor o in outputs)
            {
                o.Dispose();
            }

            usedOps.Add("ReadVariableOp");
            return new ServingFunction(def, tracer.Functions, inputs.Select(i => i.Key).ToList(), inputs.Select(i => (i.Key, i.DType, i.Shape)).ToList(), outs, usedOps);
        }
    }

    private static int _uid = 100;

    /// <summary>
    /// Signature keys from output layer names, made unique as Keras names a model's outputs: a layer that gives several
    /// outputs (an LSTM with return_state) yields <c>lstm</c>, <c>lstm_1</c>, <c>lstm_2</c>.
    /// </summary>
    internal static List<string> UniqueKeys(IReadOnlyList<string> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string name in names)
        {
            int n = seen.GetValueOrDefault(name);
            seen[name] = n + 1;
            result.Add(n == 0 ? name : $"{name}_{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return result;
    }

    /// <summary>
    /// The batch size of the tracing run: 2, not 1, so that an axis the batch passes through is told apart from the
    /// many axes of length 1 (the traced graph leaves the batch free).
    /// </summary>
    private const int TraceBatch = 2;

    private static void AddServing(MetaGraphDef meta, ServingFunction serving, IReadOnlyList<Variable> weights)
    {
        GraphDef graph = meta.GraphDef;
        graph.Library.Function.Add(serving.Def);
        graph.Library.Function.AddRange(serving.Library);
        var signature = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        var callInputs = new List<string>();
        var tin = new List<DataType>();
        foreach (var (key, dtype, shape) in serving.Inputs)
        {
            string name = "serving_default_" + Sanitize(key);
            var tshape = new TensorShapeProto();
            tshape.Dim.AddRange(shape.Select((d, i) => new TensorShapeProto.Types.Dim { Size = i == 0 ? -1 : d ?? -1 }));
            graph.Node.Add(Placeholder(name, TfDataTypes.FromDType(dtype), tshape));
            signature.Inputs[key] = new TensorInfo { Name = name + ":0", Dtype = TfDataTypes.FromDType(dtype), TensorShape = tshape };
            callInputs.Add(name);
            tin.Add(TfDataTypes.FromDType(dtype));
        }

        callInputs.AddRange(weights.Select(w => w.Path));
        tin.AddRange(weights.Select(_ => DataType.DtResource));
        graph.Node.Add(Call("StatefulPartitionedCall", serving.Def.Signature.Name, callInputs, tin, serving.Outputs.Select(o => TfDataTypes.FromDType(o.DType)).ToList()));
        for (int i = 0; i < serving.Outputs.Count; i++)
        {
            var (key, dtype, shape) = serving.Outputs[i];
            var tshape = new TensorShapeProto();
            tshape.Dim.AddRange(shape.Select((d, k) => new TensorShapeProto.Types.Dim { Size = k == 0 ? -1 : d }));
            signature.Outputs[key] = new TensorInfo { Name = $"StatefulPartitionedCall:{i}", Dtype = TfDataTypes.FromDType(dtype), TensorShape = tshape };
        }

        meta.SignatureDef["serving_default"] = signature;
    }

    private static FunctionDef RestoreFunction(IReadOnlyList<(string Key, Variable Variable)> variables)
    {
        var def = new FunctionDef { Signature = new OpDef { Name = $"__inference__traced_restore_{Interlocked.Increment(ref _uid)}", IsStateful = true } };
        def.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = "file_prefix", Type = DataType.DtString });
        def.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = "identity", Type = DataType.DtString });
        var vector = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = variables.Count } } };
        var names = new TensorProto { Dtype = DataType.DtString, TensorShape = vector };
        names.StringVal.AddRange(variables.Select(v => ByteString.CopyFromUtf8(v.Key)));
        var slices = new TensorProto { Dtype = DataType.DtString, TensorShape = vector };
        slices.StringVal.AddRange(variables.Select(_ => ByteString.Empty));
        def.NodeDef.Add(Const("RestoreV2/tensor_names", names));
        def.NodeDef.Add(Const("RestoreV2/shape_and_slices", slices));
        var restoreNode = new NodeDef { Name = "RestoreV2", Op = "RestoreV2", Input = { "file_prefix", "RestoreV2/tensor_names:output:0", "RestoreV2/shape_and_slices:output:0" } };
        var dtypes = new AttrValue.Types.ListValue();
        dtypes.Type.AddRange(variables.Select(v => TfDataTypes.FromDType(v.Variable.DType)));
        restoreNode.Attr["dtypes"] = new AttrValue { List = dtypes };
        def.NodeDef.Add(restoreNode);
        var noop = new NodeDef { Name = "NoOp", Op = "NoOp" };
        for (int i = 0; i < variables.Count; i++)
        {
            string suffix = i == 0 ? string.Empty : "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string arg = "assignvariableop" + suffix + "_resource";
            def.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = arg, Type = DataType.DtResource });
            var dtype = new AttrValue { Type = TfDataTypes.FromDType(variables[i].Variable.DType) };
            var identity = new NodeDef { Name = "Identity" + suffix, Op = "Identity", Input = { $"RestoreV2:tensors:{i}" } };
            identity.Attr["T"] = dtype;
            var assign = new NodeDef { Name = "AssignVariableOp" + suffix, Op = "AssignVariableOp", Input = { arg, identity.Name + ":output:0" } };
            assign.Attr["dtype"] = dtype;
            def.NodeDef.Add(identity);
            def.NodeDef.Add(assign);
            noop.Input.Add("^" + assign.Name);
            def.ControlRet[assign.Name] = assign.Name;
        }

        def.NodeDef.Add(noop);
        var result = new NodeDef { Name = "Identity_final", Op = "Identity", Input = { "file_prefix", "^NoOp" } };
        result.Attr["T"] = new AttrValue { Type = DataType.DtString };
        def.NodeDef.Add(result);
        def.Ret["identity"] = "Identity_final:output:0";
        return def;
    }

    private static SavedObjectGraph ObjectGraph(List<object> objects, TrackableObjectGraph checkpoint, Dictionary<object, int> ids, ServingFunction? serving, IReadOnlyList<Variable> weights)
    {
        var graph = new SavedObjectGraph();
        for (int i = 0; i < objects.Count; i++)
        {
            var node = new Proto.SavedObject();
            node.Children.AddRange(checkpoint.Nodes[i].Children.Select(c => new ObjectReference { NodeId = c.NodeId, LocalName = c.LocalName }));
            var version = new VersionDef { Producer = 1, MinConsumer = 1 };
            switch (objects[i])
            {
                case Variable v:
                    var shape = new TensorShapeProto();
                    shape.Dim.AddRange(v.Shape.ToArray().Select(d => new TensorShapeProto.Types.Dim { Size = d }));
                    node.Variable = new SavedVariable { Dtype = TfDataTypes.FromDType(v.DType), Shape = shape, Trainable = v.Trainable, Name = v.Path };
                    break;
                case Layer l:
                    node.UserObject = new SavedUserObject { Identifier = SavedModelNodes.Identifier(l), Version = version };
                    break;
                case Optimizers.Optimizer:
                    node.UserObject = new SavedUserObject { Identifier = "optimizer", Version = new VersionDef { Producer = 2, MinConsumer = 1 } };
                    break;
                case TrackableGroup:
                    node.UserObject = new SavedUserObject { Identifier = "trackable_list_wrapper", Version = version };
                    break;
                case SavedModelNodes.SignatureMap:
                    node.UserObject = new SavedUserObject { Identifier = "signature_map", Version = version };
                    break;
                case SavedModelNodes.BareFunction f:
                    node.BareConcreteFunction = new SavedBareConcreteFunction { ConcreteFunctionName = f.Function, ArgumentKeywords = { f.Keywords } };
                    break;
                default:
                    node.UserObject = new SavedUserObject { Identifier = "_generic_user_object", Version = version };
                    break;
            }

            graph.Nodes.Add(node);
        }

        if (serving is not null)
        {
            var spec = new DictValue();
            foreach (var (key, dtype, shape) in serving.Inputs)
            {
                spec.Fields[key] = TensorSpec(key, dtype, shape.Select((d, i) => i == 0 ? -1 : d ?? -1));
            }

            var outputs = new DictValue();
            foreach (var (key, dtype, shape) in serving.Outputs)
            {
                outputs.Fields[key] = TensorSpec(key, dtype, shape.Select((d, i) => i == 0 ? -1 : d));
            }

            var concrete = new SavedConcreteFunction
            {
                CanonicalizedInputSignature = new StructuredValue { TupleValue = new TupleValue { Values = { new StructuredValue { TupleValue = new TupleValue() }, new StructuredValue { DictValue = spec } } } },
                OutputSignature = new StructuredValue { DictValue = outputs },
            };
            concrete.BoundInputs.AddRange(weights.Select(w => ids[w]));
            graph.ConcreteFunctions[serving.Def.Signature.Name] = concrete;
        }

        return graph;
    }

    private static StructuredValue TensorSpec(string name, DType dtype, IEnumerable<long> shape)
    {
        var tshape = new TensorShapeProto();
        tshape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return new StructuredValue { TensorSpecValue = new TensorSpecProto { Name = name, Dtype = TfDataTypes.FromDType(dtype), Shape = tshape } };
    }

    private static Protos.KerasMetadata.SavedMetadata KerasMetadata(Model model, List<object> objects, List<string> paths, bool includeOptimizer)
    {
        var metadata = new Protos.KerasMetadata.SavedMetadata();
        for (int i = 0; i < objects.Count; i++)
        {
            if (objects[i] is not Layer layer)
            {
                continue;
            }

            JsonObject json = LayerMetadata(layer);
            if (ReferenceEquals(layer, model))
            {
                json["is_graph_network"] = model.IsGraphNetwork || model is Sequential;
                json["keras_version"] = Model.KerasVersion;
                json["backend"] = "tensorflow";
                json["model_config"] = KerasSerializer.Serialize(model);
                if (includeOptimizer && model.IsCompiled)
                {
                    json["training_config"] = TrainingConfig.Write(model);
                }
            }

            metadata.Nodes.Add(new Protos.KerasMetadata.SavedObject
            {
                NodeId = i,
                NodePath = paths[i].Length == 0 ? "root" : "root." + paths[i].Replace("/", ".", StringComparison.Ordinal),
                Identifier = SavedModelNodes.Identifier(layer),
                Metadata = PythonJson.Serialize(json),
                Version = new VersionDef { Producer = 2, MinConsumer = 1 },
            });
        }

        return metadata;
    }

    private static JsonObject LayerMetadata(Layer layer)
    {
        JsonObject serialized = KerasSerializer.Serialize(layer);
        return new JsonObject
        {
            ["name"] = layer.Name,
            ["trainable"] = layer.Trainable,
            ["expects_training_arg"] = true,
            ["dtype"] = layer.DType.Name,
            ["batch_input_shape"] = null,
            ["stateful"] = false,
            ["must_restore_from_config"] = false,
            ["class_name"] = serialized["class_name"]?.DeepClone(),
            ["config"] = serialized["config"]?.DeepClone(),
            ["build_input_shape"] = layer.BuildInputShapes is [Shape shape] ? new JsonArray(shape.Select(d => (JsonNode?)(d is long v ? JsonValue.Create(v) : null)).ToArray()) : null,
        };
    }

    private static NodeDef VarHandle(Variable v)
    {
        var node = new NodeDef { Name = v.Path, Op = "VarHandleOp" };
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(v.Shape.ToArray().Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        node.Attr["dtype"] = new AttrValue { Type = TfDataTypes.FromDType(v.DType) };
        node.Attr["shape"] = new AttrValue { Shape = shape };
        node.Attr["shared_name"] = new AttrValue { S = ByteString.CopyFromUtf8(v.Path) };
        node.Attr["container"] = new AttrValue { S = ByteString.Empty };
        node.Attr["allowed_devices"] = new AttrValue { List = new AttrValue.Types.ListValue() };
        return node;
    }

    private static NodeDef Placeholder(string name, DataType dtype, TensorShapeProto shape)
    {
        var node = new NodeDef { Name = name, Op = "Placeholder" };
        node.Attr["dtype"] = new AttrValue { Type = dtype };
        node.Attr["shape"] = new AttrValue { Shape = shape };
        return node;
    }

    private static NodeDef Const(string name, TensorProto value)
    {
        var node = new NodeDef { Name = name, Op = "Const" };
        node.Attr["value"] = new AttrValue { Tensor = value };
        node.Attr["dtype"] = new AttrValue { Type = value.Dtype };
        return node;
    }

    private static NodeDef Call(string name, string function, IEnumerable<string> inputs, IEnumerable<DataType> tin, IEnumerable<DataType> tout)
    {
        var node = new NodeDef { Name = name, Op = "StatefulPartitionedCall" };
        node.Input.AddRange(inputs);
        var tinList = new AttrValue.Types.ListValue();
        tinList.Type.AddRange(tin);
        var toutList = new AttrValue.Types.ListValue();
        toutList.Type.AddRange(tout);
        node.Attr["Tin"] = new AttrValue { List = tinList };
        node.Attr["Tout"] = new AttrValue { List = toutList };
        node.Attr["f"] = new AttrValue { Func = new NameAttrList { Name = function } };
        node.Attr["config"] = new AttrValue { S = ByteString.Empty };
        node.Attr["config_proto"] = new AttrValue { S = ByteString.Empty };
        node.Attr["executor_type"] = new AttrValue { S = ByteString.Empty };
        return node;
    }

    /// <summary>TensorFlow's argument names: lower case, anything but letters, digits and underscores replaced.</summary>
    private static string Sanitize(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        string s = new(chars);
        return s.Length > 0 && char.IsAsciiDigit(s[0]) ? "_" + s : s;
    }
}
