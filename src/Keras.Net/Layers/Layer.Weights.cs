// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using Keras.Net.Initializers;

namespace Keras.Net.Layers;

/// <summary>Weights: creation, Keras's ordering, copies in and out.</summary>
public abstract partial class Layer
{
    private readonly List<Variable> _ownVariables = [];

    /// <summary>Variables created by <see cref="AddWeight"/> or tracked from fields, in creation order.</summary>
    private IEnumerable<Variable> OwnVariables => _ownVariables.Concat(TrackedVariables.Where(v => !_ownVariables.Contains(v)));

    /// <summary>
    /// Every weight: <see cref="TrainableWeights"/> then <see cref="NonTrainableWeights"/>, nested layers
    /// included, in Keras's order.
    /// </summary>
    public IReadOnlyList<Variable> Weights => Dedup(TrainableWeights.Concat(NonTrainableWeights));

    /// <summary>The weights gradients update: empty when the layer is frozen.</summary>
    public IReadOnlyList<Variable> TrainableWeights
    {
        get
        {
            if (!Trainable)
            {
                return [];
            }

            var own = OwnVariables.Where(v => v.Trainable);
            var children = ChildLayers.SelectMany(c => c.TrainableWeights);
            return Dedup(own.Concat(children));
        }
    }

    /// <summary>
    /// The weights gradients do not update: non-trainable variables, or every variable when the layer
    /// is frozen (its own trainable ones first, as Keras orders them).
    /// </summary>
    public IReadOnlyList<Variable> NonTrainableWeights
    {
        get
        {
            if (Trainable)
            {
                var own = OwnVariables.Where(v => !v.Trainable);
                var children = ChildLayers.SelectMany(c => c.NonTrainableWeights);
                return Dedup(own.Concat(children));
            }

            var all = OwnVariables.Where(v => v.Trainable)
                .Concat(OwnVariables.Where(v => !v.Trainable))
                .Concat(ChildLayers.SelectMany(c => c.Weights));
            return Dedup(all);
        }
    }

    /// <summary>The number of scalars in all weights.</summary>
    /// <returns>The count.</returns>
    /// <exception cref="InvalidOperationException">The layer is not built.</exception>
    public long CountParams()
    {
        if (!Built && !OwnVariables.Any() && !ChildLayers.Any(c => c.Built))
        {
            throw new InvalidOperationException(
                $"You tried to call `CountParams` on layer '{Name}', but the layer isn't built. You can build it manually via: `layer.EnsureBuilt(inputShape)`.");
        }

        return Weights.Sum(w => w.Shape.NumElements() ?? 0);
    }

    /// <summary>Copies of the weights' values (on the CPU), in <see cref="Weights"/> order. The caller owns them.</summary>
    /// <returns>The copies.</returns>
    public IReadOnlyList<Tensor> GetWeights() => Weights.Select(w => w.Read()).ToArray();

    /// <summary>Sets the weights from values in <see cref="Weights"/> order (copied; the inputs stay the caller's).</summary>
    /// <param name="weights">One value per weight, of the same shape.</param>
    /// <exception cref="ArgumentException">The count or a shape differs; nothing is changed then.</exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        IReadOnlyList<Variable> mine = Weights;
        if (weights.Count != mine.Count)
        {
            throw new ArgumentException(
                $"You called `SetWeights(weights)` on layer \"{Name}\" with a weight list of length {weights.Count}, but the layer was expecting {mine.Count} weights.",
                nameof(weights));
        }

        for (int i = 0; i < mine.Count; i++)
        {
            Shape given = Ops.ShapeOf(weights[i]);
            if (!given.Equals(mine[i].Shape))
            {
                throw new ArgumentException(
                    $"Layer \"{Name}\" weight shape {mine[i].Shape} is not compatible with provided weight shape {given} (weight {i}: '{mine[i].Name}').",
                    nameof(weights));
            }
        }

        for (int i = 0; i < mine.Count; i++)
        {
            mine[i].Assign(weights[i]);
        }
    }

    /// <summary>
    /// Creates a weight owned by this layer (Keras's <c>add_weight</c>). Call it from <see cref="Build(Shape)"/>
    /// or from the constructor.
    /// </summary>
    /// <param name="name">The weight's name (<c>kernel</c>); scoped by the layer (<c>dense/kernel:0</c>).</param>
    /// <param name="shape">The shape.</param>
    /// <param name="initializer">An initializer name or object (default <c>glorot_uniform</c> for floats).</param>
    /// <param name="trainable">Whether gradients update it.</param>
    /// <param name="dtype">The dtype (default the layer's).</param>
    /// <param name="regularizer">A regularizer whose penalty on this weight joins the loss.</param>
    /// <param name="constraint">A constraint optimizers apply after each update.</param>
    /// <returns>The variable.</returns>
    protected Variable AddWeight(string name, Shape shape, object? initializer = null, bool trainable = true, DType? dtype = null, Regularizers.Regularizer? regularizer = null, Constraints.Constraint? constraint = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.IsFullyDefined)
        {
            throw new ArgumentException($"Layer \"{Name}\": cannot create weight '{name}' with unknown dimensions {shape}.", nameof(shape));
        }

        DType type = dtype ?? DType;
        Initializer init = initializer switch
        {
            null => type.IsFloating ? new GlorotUniform() : new Zeros(),
            Initializer i => i,
            string s => Initializer.Get(s),
            _ => throw new ArgumentException($"Could not interpret initializer: {initializer}", nameof(initializer)),
        };
        // Inside Build the layer's own scope (and its callers') is active: "outer/dense/kernel".
        AllocationBudget.Claim(shape.ToArray(), type, $"Layer \"{Name}\": weight '{name}'");
        bool skip = InitializationScope.SkipInitializers;
        Tensor value = skip ? Ops.Empty(shape.ToArray(), type) : init.Call(shape.ToArray(), type);
        var v = new Variable(name, NameScope.Qualify(name), value, trainable, init, exclusive: skip) { Constraint = constraint };
        _ownVariables.Add(v);
        if (regularizer is not null)
        {
            AddLoss(() => regularizer.Call(v.Value));
        }

        return v;
    }

    /// <summary>A weight with a given full path and value (a revived SavedModel's variables); the value is copied.</summary>
    /// <param name="path">The variable's path (<c>dense/kernel</c>).</param>
    /// <param name="value">The value.</param>
    /// <param name="trainable">Whether optimizers update it.</param>
    /// <returns>The variable.</returns>
    internal Variable AddRestoredWeight(string path, Tensor value, bool trainable)
    {
        var v = new Variable(path.Split('/')[^1], path, Ops.Copy(value), trainable, null);
        _ownVariables.Add(v);
        return v;
    }

    /// <summary>Makes an existing tensor (a TorchSharp module's parameter) a weight of this layer without copying it.</summary>
    /// <param name="name">The weight's name inside the layer's scope.</param>
    /// <param name="parameter">The tensor, shared from now on.</param>
    /// <param name="trainable">Whether optimizers update it.</param>
    /// <returns>The variable.</returns>
    internal Variable AdoptWeight(string name, Tensor parameter, bool trainable)
    {
        var v = new Variable(name, NameScope.Qualify(name), parameter, trainable, null, adopt: true);
        _ownVariables.Add(v);
        return v;
    }

    /// <summary>Registers an existing variable (e.g. one created in the constructor) as this layer's weight.</summary>
    /// <param name="variable">The variable.</param>
    /// <returns>The same variable.</returns>
    protected Variable TrackVariable(Variable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!_ownVariables.Contains(variable))
        {
            _ownVariables.Add(variable);
        }

        return variable;
    }

    /// <summary>Moves the layer's variables (and nested layers') to <paramref name="device"/>.</summary>
    /// <param name="device">The device.</param>
    internal void MoveVariables(Device device)
    {
        foreach (Variable v in OwnVariables)
        {
            v.To(device);
        }

        foreach (Layer child in ChildLayers)
        {
            child.MoveVariables(device);
        }
    }

    private static List<Variable> Dedup(IEnumerable<Variable> variables)
    {
        var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        var result = new List<Variable>();
        foreach (Variable v in variables)
        {
            if (seen.Add(v))
            {
                result.Add(v);
            }
        }

        return result;
    }

    /// <summary>
    /// The input shape (batch first, unknown dimensions null) this layer takes when its first weight has shape
    /// <paramref name="firstWeight"/>: how a Sequential saved without any input shape (Keras 2 models fitted without
    /// an <c>Input</c>) is built from its file. Null when the weight does not determine it.
    /// </summary>
    internal virtual Shape? InputShapeFromWeight(long[] firstWeight) => null;
}
