// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;

namespace Keras.Net.Models;

/// <summary>Building a subclassed model from a shape (Keras's <c>Model.build(input_shape)</c>).</summary>
public partial class Model
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> OverridesBuildCache = new();

    /// <summary>
    /// Creates the weights for <paramref name="inputShapes"/>. A subclassed model that does not override
    /// <c>Build</c> is called once on zeros of those shapes (unknown dimensions as 1), as Keras's <c>build()</c> runs
    /// a symbolic call: its nested layers create their weights, so <c>LoadWeights</c> right after
    /// <c>EnsureBuilt</c> has variables to fill.
    /// </summary>
    /// <param name="inputShapes">One shape per input.</param>
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (IsGraphNetwork || this is Sequential || OverridesBuild(GetType()))
        {
            base.Build(inputShapes);
            return;
        }

        using TensorScope scope = Ops.NewScope();
        using IDisposable noGrad = Ops.NoGrad();
        using CallContext? context = CallContext.Current is null ? CallContext.Begin() : null;
        Tensor[] zeros = inputShapes.Select(s => Ops.Zeros(s.Select(d => d ?? 1).ToArray(), DType)).ToArray();
        _ = Call(zeros, new Tensor?[zeros.Length], training: false);
    }

    private static bool OverridesBuild(Type type) => OverridesBuildCache.GetOrAdd(type, static t =>
    {
        const System.Reflection.BindingFlags Flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic;
        Type? one = t.GetMethod(nameof(Build), Flags, [typeof(Shape)])?.DeclaringType;
        Type? many = t.GetMethod(nameof(Build), Flags, [typeof(IReadOnlyList<Shape>)])?.DeclaringType;
        return (one is not null && one != typeof(Layer)) || (many is not null && many != typeof(Model) && many != typeof(Layer));
    });
}
