// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Models;
using Keras.Net.Saving;
using Tensor = TorchSharp.torch.Tensor;

namespace Keras.Net.Samples.InferenceService;

/// <summary>
/// The served model. <see cref="Predict"/> is safe for concurrent callers: calls are serialized with a lock (one
/// forward pass at a time; TorchSharp parallelizes inside each pass), and every tensor a call creates is freed in a
/// <see cref="TensorScope"/> before it returns, so nothing accumulates under load.
/// </summary>
public sealed class ModelHost
{
    private readonly Model _model;
    private readonly object _gate = new();

    /// <summary>Loads the model (any format Keras.Net reads).</summary>
    /// <param name="path">The saved model.</param>
    public ModelHost(string path)
    {
        Path = path;
        Format = ModelFormatRegistry.Formats.FirstOrDefault(f => f.CanRead(path))?.Name ?? "unknown";
        _model = Model.Load(path, compile: false);
        if (_model.Inputs.Count != 1 || _model.Inputs[0].Shape.Count != 2 || _model.Inputs[0].Shape[1] is null)
        {
            throw new InvalidOperationException($"The service serves models with one input of shape (batch, features); {path} has {_model.Inputs.Count} input(s).");
        }

        Features = (int)_model.Inputs[0].Shape[1]!.Value;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The format name (<c>tf</c>, <c>keras</c>, <c>h5</c>).</summary>
    public string Format { get; }

    /// <summary>The number of input features per sample.</summary>
    public int Features { get; }

    /// <summary>Why <paramref name="inputs"/> cannot be predicted (null when they can).</summary>
    /// <param name="inputs">The rows.</param>
    /// <returns>A message for a 400 response, or null.</returns>
    public string? Validate(float[][] inputs)
    {
        if (inputs.Length == 0)
        {
            return "\"inputs\" is empty: send at least one row.";
        }

        if (inputs.Length > 10_000)
        {
            return $"\"inputs\" has {inputs.Length} rows; send at most 10000 per request.";
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null || inputs[i].Length != Features)
            {
                return $"Row {i} has {inputs[i]?.Length ?? 0} values; the model expects {Features} features per row.";
            }

            if (inputs[i].Any(v => !float.IsFinite(v)))
            {
                return $"Row {i} holds a non-finite value (NaN or infinity).";
            }
        }

        return null;
    }

    /// <summary>Runs the model on validated rows.</summary>
    /// <param name="inputs">The rows.</param>
    /// <returns>One output row per input row.</returns>
    public float[][] Predict(float[][] inputs)
    {
        var flat = inputs.SelectMany(r => r).ToArray();
        lock (_gate)
        {
            long before = Backend.KerasBackend.LiveTensorCount;
            try
            {
                return Run(flat, inputs.Length);
            }
            finally
            {
                // Tensor statistics are per thread; a call starts and ends on one thread, so this measures this call.
                LeakedTensors += Backend.KerasBackend.LiveTensorCount - before;
            }
        }
    }

    /// <summary>Tensors left alive by <see cref="Predict"/> calls so far (0 unless there is a leak).</summary>
    public long LeakedTensors { get; private set; }

    private float[][] Run(float[] flat, int rows)
    {
        {
            using TensorScope scope = Ops.NewScope();
            using Tensor x = Ops.FromArray(flat, [rows, Features]);
            using Tensor y = _model.Predict(x);
            long width = Ops.ShapeOf(y)[1] ?? 1;
            float[] values = Ops.ToFloatArray(y);
            return Enumerable.Range(0, rows).Select(i => values.Skip((int)(i * width)).Take((int)width).ToArray()).ToArray();
        }
    }

    /// <summary>What <c>GET /model</c> returns.</summary>
    /// <returns>Name, format, input and output specs, the summary table.</returns>
    public object Describe()
    {
        var summary = new StringWriter();
        lock (_gate)
        {
            _model.Summary(summary);
        }

        return new
        {
            name = _model.Name,
            path = Path,
            format = Format,
            inputs = _model.Inputs.Select(i => new { name = i.Name, shape = i.Shape.ToString(), dtype = i.DType.Name }),
            outputs = _model.Outputs.Select(o => new { name = o.Name, shape = o.Shape.ToString(), dtype = o.DType.Name }),
            parameters = _model.CountParams(),
            summary = summary.ToString(),
        };
    }
}
