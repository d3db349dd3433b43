// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Layers;

/// <summary>
/// The base of every layer and model (Keras's <c>keras.layers.Layer</c>). Override
/// <see cref="Build(Shape)"/> to create weights with <see cref="AddWeight"/>, and
/// <see cref="Call(Tensor, bool)"/> (or a richer overload) to compute. Use <see cref="Apply(Tensor, bool)"/>
/// to run it on a tensor, or <see cref="Apply(KerasTensor, bool?)"/> to add it to a functional graph.
/// </summary>
public abstract partial class Layer : IDisposable
{
    private bool _trainable;
    private bool _disposed;

    /// <summary>Initializes a layer.</summary>
    /// <param name="name">The name; default the class name in snake_case, made unique (<c>dense</c>, <c>dense_1</c>).</param>
    /// <param name="trainable">Whether its weights are trained.</param>
    /// <param name="dtype">The dtype of its weights (default <see cref="KerasBackend.Floatx"/>).</param>
    protected Layer(string? name = null, bool trainable = true, string? dtype = null)
    {
        Backend.NativeLibraryFix.ThrowIfBroken();
        if (name is not null && (name.Length == 0 || name.Contains('/', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Argument `name` must be a non-empty string without '/'. Received: name='{name}'", nameof(name));
        }

        Name = name ?? NameRegistry.Unique(DefaultBaseName);
        _trainable = trainable;
        DType = dtype is null ? KerasBackend.Floatx : DType.Parse(dtype);
    }

    /// <summary>The layer's name, unique within a model.</summary>
    public string Name { get; }

    /// <summary>The dtype of the layer's weights and computations.</summary>
    public DType DType { get; private set; }

    /// <summary>Whether the layer has created its weights.</summary>
    public bool Built { get; protected set; }

    /// <summary>Whether the layer passes an input mask on (see <see cref="ComputeMask(Tensor, Tensor?)"/>).</summary>
    public bool SupportsMasking { get; protected set; }

    /// <summary>
    /// Whether the layer's weights are trained. Setting it sets every nested layer too; a frozen layer
    /// reports all its weights as non-trainable, which changes the order of <see cref="Weights"/>.
    /// </summary>
    public virtual bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            foreach (Layer child in ChildLayers)
            {
                child.Trainable = value;
            }
        }
    }

    /// <summary>The base of default names: the class name in snake_case (<c>ReLU</c> -> <c>re_lu</c>).</summary>
    protected virtual string DefaultBaseName => NameRegistry.ToSnakeCase(GetType().Name);

    /// <summary>Creates the layer's weights once the input shape is known. Called once, before the first call.</summary>
    /// <param name="inputShape">The input shape, batch dimension first.</param>
    protected virtual void Build(Shape inputShape)
    {
    }

    /// <summary>Creates the layer's weights for several inputs. The default builds from the single input's shape.</summary>
    /// <param name="inputShapes">One shape per input.</param>
    protected virtual void Build(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count == 1)
        {
            Build(inputShapes[0]);
        }
    }

    /// <summary>Builds the layer for <paramref name="inputShape"/> if it is not built yet (Keras's <c>layer.build(shape)</c>).</summary>
    /// <param name="inputShape">The input shape, batch dimension first.</param>
    public void EnsureBuilt(Shape inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        EnsureBuilt([inputShape]);
    }

    /// <summary>Builds the layer for several inputs if it is not built yet.</summary>
    /// <param name="inputShapes">One shape per input.</param>
    public void EnsureBuilt(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (Built)
        {
            return;
        }

        using (OpensNameScope ? NameScope.Push(Name) : null)
        {
            Build(inputShapes);
        }

        BuildInputShapes = inputShapes.ToArray();
        Built = true;
    }

    /// <summary>The input shapes the layer was built for (tf.keras's <c>build_input_shape</c>), once built through <see cref="EnsureBuilt(IReadOnlyList{Shape})"/>.</summary>
    internal IReadOnlyList<Shape>? BuildInputShapes { get; private set; }

    /// <summary>Frees every tensor the layer owns (its variables and those of nested layers).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the layer's variables; override to free more.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        foreach (Variable v in OwnVariables.ToList())
        {
            v.Dispose();
        }

        foreach (Layer child in ChildLayers)
        {
            child.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<{GetType().Name} name={Name}, built={Built}>";
}
