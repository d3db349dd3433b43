// SPDX-License-Identifier: Apache-2.0
using Google.Protobuf;
using Keras.Net.Backend;
using Keras.Net.Protos;
using Keras.Net.Saving.Checkpoints;
using Proto = Keras.Net.Protos;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// <c>tf.saved_model.load</c>: a SavedModel folder (TF1 or TF2, Keras or not) as callable signatures, run by an
/// interpreter of TensorFlow graph ops on TorchSharp. No Keras objects: use <c>Model.Load</c> for those.
/// </summary>
/// <example>
/// <code>
/// using var loaded = SavedModel.Load("half_plus_two");
/// Tensor y = loaded.Signatures["serving_default"].Call(x);
/// </code>
/// </example>
public sealed class SavedModel : IDisposable
{
    /// <summary>saved_model.pb files above this size are refused (protobuf's own limit is 2 GiB).</summary>
    private const long MaxGraphBytes = 1L << 31;

    private readonly GraphInterpreter _graph;
    private readonly object _gate = new();

    private SavedModel(string path, MetaGraphDef meta, GraphInterpreter graph, IReadOnlyList<SavedModelFunctions.RootFunction> functions)
    {
        Path = path;
        _graph = graph;
        Tags = meta.MetaInfoDef?.Tags.ToList() ?? [];
        TensorFlowVersion = meta.MetaInfoDef?.TensorflowVersion ?? string.Empty;
        Signatures = meta.SignatureDef
            .Where(kv => kv.Key != "__saved_model_init_op")
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => MakeSignature(kv.Key, kv.Value), StringComparer.Ordinal);
        Functions = functions.ToDictionary(
            f => f.Name,
            f => new SavedModelSignature(
                this,
                f.Name,
                f.Inputs.Select(i => i.Spec).ToList(),
                f.Outputs.Select((dtype, k) => new TensorSpec(OutputKey(k), dtype, null)).ToList(),
                f.Inputs.ToDictionary(i => i.Spec.Name, i => i.Placeholder + ":0", StringComparer.Ordinal),
                Enumerable.Range(0, f.Outputs.Count).ToDictionary(OutputKey, k => $"{f.CallNode}:{k.ToString(System.Globalization.CultureInfo.InvariantCulture)}", StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    private static string OutputKey(int k) => "output_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The meta graph's tags (<c>serve</c>).</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The TensorFlow version that wrote the file.</summary>
    public string TensorFlowVersion { get; }

    /// <summary>The signatures by key (<c>serving_default</c>, ...).</summary>
    public IReadOnlyDictionary<string, SavedModelSignature> Signatures { get; }

    /// <summary>
    /// The functions saved on a TF2 SavedModel's root object (a <c>tf.Module</c>'s <c>@tf.function</c> methods, as
    /// <c>tf.saved_model.load(path).multiply</c>), by attribute name, callable like signatures: inputs by their spec
    /// names, outputs <c>output_0</c>, <c>output_1</c>, ... Only functions with one traced signature of plain tensors are listed.
    /// </summary>
    public IReadOnlyDictionary<string, SavedModelSignature> Functions { get; }

    /// <summary>Loads a SavedModel folder: parses <c>saved_model.pb</c>, restores the variables through the graph's own restore op, runs the init op.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="tags">The meta graph to load (default <c>serve</c>, or the only one).</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="DirectoryNotFoundException">No such folder or no saved_model.pb in it.</exception>
    /// <exception cref="KerasFormatException">The file is corrupt, or restoring needs an op Keras.Net cannot run.</exception>
    public static SavedModel Load(string path, IReadOnlyList<string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string file = System.IO.Path.Combine(path, "saved_model.pb");
        if (!File.Exists(file))
        {
            throw new DirectoryNotFoundException($"No SavedModel at {path}: {file} does not exist.");
        }

        return FormatGuard.Run(file, () =>
        {
            MetaGraphDef meta = PickMetaGraph(ReadSavedModel(file), tags ?? ["serve"], file);
            GraphDef graphDef = meta.GraphDef?.Clone() ?? new GraphDef();
            var functions = SavedModelFunctions.AddCalls(meta, graphDef);
            var graph = new GraphInterpreter(graphDef, meta.MetaInfoDef?.StrippedOpList, file);
            var model = new SavedModel(path, meta, graph, functions);
            try
            {
                model.RestoreVariables(meta);
                model.RunInitOp(meta);
            }
            catch
            {
                model.Dispose();
                throw;
            }

            return model;
        });
    }

    /// <summary>Runs the <c>serving_default</c> signature (or the only one) on a single input.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The single output.</returns>
    public Tensor Call(Tensor input) => DefaultSignature().Call(input);

    /// <summary>Runs the <c>serving_default</c> signature (or the only one).</summary>
    /// <param name="inputs">Inputs by name.</param>
    /// <returns>Outputs by name.</returns>
    public IReadOnlyDictionary<string, Tensor> Call(IReadOnlyDictionary<string, Tensor> inputs) => DefaultSignature().Call(inputs);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (VariableSlot v in _graph.Variables.Values)
        {
            v.Value?.Tensor?.Dispose();
            v.Value = null;
        }
    }

    internal static Proto.SavedModel ReadSavedModel(string file)
    {
        long length = new FileInfo(file).Length;
        if (length >= MaxGraphBytes)
        {
            throw new KerasFormatException($"saved_model.pb is {length} bytes; files of 2 GiB and more (chunked .cpb) are not supported.", null, file);
        }

        try
        {
            return Proto.SavedModel.Parser.ParseFrom(File.ReadAllBytes(file));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new KerasFormatException($"saved_model.pb cannot be decoded ({e.Message}); it is truncated or not a SavedModel.", null, file, e);
        }
    }

    /// <summary>The variables a signature's call reads (by shared name).</summary>
    internal IReadOnlyList<string> VariablesOf(SavedModelSignature signature) => _graph.VariablesFedTo(signature.OutputTensor(0).Split(':')[0]);

    /// <summary>The interpreter's variables (restored values).</summary>
    internal IEnumerable<VariableSlot> Variables => _graph.Variables.Values;

    internal GraphValue[] Run(IReadOnlyList<string> fetches, IReadOnlyDictionary<string, GraphValue> feeds)
    {
        lock (_gate)
        {
            return FormatGuard.Run(_graph.File, () => _graph.Run(fetches, feeds));
        }
    }

    private static MetaGraphDef PickMetaGraph(Proto.SavedModel model, IReadOnlyList<string> tags, string file)
    {
        if (model.MetaGraphs.Count == 0)
        {
            throw new KerasFormatException("The SavedModel has no meta graph.", "meta_graphs", file);
        }

        return model.MetaGraphs.FirstOrDefault(m => tags.All(t => m.MetaInfoDef?.Tags.Contains(t) == true))
            ?? (model.MetaGraphs.Count == 1 ? model.MetaGraphs[0] : throw new KerasFormatException(
                $"No meta graph is tagged {string.Join(", ", tags)}; available: {string.Join("; ", model.MetaGraphs.Select(m => string.Join(", ", m.MetaInfoDef?.Tags ?? [])))}.", "meta_graphs", file));
    }

    private void RestoreVariables(MetaGraphDef meta)
    {
        string prefix = System.IO.Path.Combine(Path, "variables", "variables");
        if (meta.SaverDef is not { } saver || string.IsNullOrEmpty(saver.RestoreOpName) || !File.Exists(prefix + ".index"))
        {
            return;
        }

        var feed = AssetFeeds(meta);
        feed[saver.FilenameTensorName] = GraphValue.OfStrings([System.Text.Encoding.UTF8.GetBytes(prefix)], []);
        _graph.Run([], feed, [saver.RestoreOpName.Split(':')[0]]);
    }

    private void RunInitOp(MetaGraphDef meta)
    {
        string? init = meta.SignatureDef.TryGetValue("__saved_model_init_op", out SignatureDef? sig) && sig.Outputs.Values.FirstOrDefault()?.Name is { } n
            ? n
            : meta.CollectionDef.TryGetValue("saved_model_main_op", out CollectionDef? c) && c.NodeList?.Value.Count > 0 ? c.NodeList.Value[0]
            : meta.CollectionDef.TryGetValue("legacy_init_op", out CollectionDef? l) && l.NodeList?.Value.Count > 0 ? l.NodeList.Value[0]
            : null;
        if (init is not null && _graph.HasNode(init.Split(':')[0]))
        {
            _graph.Run([], AssetFeeds(meta), [init.Split(':')[0]]);
        }
    }

    /// <summary>The asset placeholders (<c>asset_path_initializer</c>) fed with the files' paths under <c>assets/</c>.</summary>
    private Dictionary<string, GraphValue> AssetFeeds(MetaGraphDef meta)
    {
        var feeds = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        foreach (AssetFileDef asset in meta.AssetFileDef)
        {
            if (asset.TensorInfo?.Name is { Length: > 0 } tensor)
            {
                string file = System.IO.Path.Combine(Path, "assets", System.IO.Path.GetFileName(asset.Filename));
                feeds[tensor] = GraphValue.OfStrings([System.Text.Encoding.UTF8.GetBytes(file)], []);
            }
        }

        return feeds;
    }

    private SavedModelSignature DefaultSignature() =>
        Signatures.TryGetValue("serving_default", out SavedModelSignature? s) ? s
        : Signatures.Count == 1 ? Signatures.Values.First()
        : throw new InvalidOperationException($"The SavedModel has no serving_default signature; pick one of: {string.Join(", ", Signatures.Keys)}.");

    private SavedModelSignature MakeSignature(string name, SignatureDef def)
    {
        static TensorSpec Spec(string key, TensorInfo info) => new(
            key,
            TfDataTypes.ToDType(info.Dtype) ?? DType.Float32,
            info.TensorShape is null || info.TensorShape.UnknownRank ? null : info.TensorShape.Dim.Select(d => d.Size < 0 ? (long?)null : d.Size).ToArray());

        var inputs = def.Inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var outputs = def.Outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        return new SavedModelSignature(
            this,
            name,
            inputs.Select(kv => Spec(kv.Key, kv.Value)).ToList(),
            outputs.Select(kv => Spec(kv.Key, kv.Value)).ToList(),
            inputs.ToDictionary(kv => kv.Key, kv => kv.Value.Name, StringComparer.Ordinal),
            outputs.ToDictionary(kv => kv.Key, kv => kv.Value.Name, StringComparer.Ordinal));
    }
}
