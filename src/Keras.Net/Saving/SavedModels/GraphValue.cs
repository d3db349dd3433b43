// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Saving.SavedModels;

/// <summary>
/// One output of a TensorFlow graph node while the interpreter runs: a numeric tensor, a string tensor, a
/// resource handle (a variable), or nothing (ops whose only effect is their side effect).
/// </summary>
internal sealed class GraphValue
{
    internal static readonly GraphValue None = new();

    private GraphValue()
    {
    }

    internal Tensor? Tensor { get; private init; }

    internal byte[][]? Strings { get; private init; }

    internal long[] Shape { get; private init; } = [];

    internal VariableSlot? Resource { get; private init; }

    /// <summary>A lookup table (<c>HashTableV2</c>): keys as strings (integers written in invariant culture) to int64 values or strings (byte arrays).</summary>
    internal Dictionary<string, object>? Table { get; private init; }

    internal static GraphValue Of(Tensor t) => new() { Tensor = t, Shape = Ops.ShapeOf(t).ToArray() };

    internal static GraphValue OfStrings(byte[][] values, long[] shape) => new() { Strings = values, Shape = shape };

    internal static GraphValue OfResource(VariableSlot slot) => new() { Resource = slot };

    internal static GraphValue OfTable(Dictionary<string, object> table) => new() { Table = table };

    /// <summary>A TensorFlow <c>TensorList</c> (a variant tensor): its items (null until set), immutable like TensorFlow's.</summary>
    internal IReadOnlyList<Tensor?>? Items { get; private init; }

    internal static GraphValue OfList(IReadOnlyList<Tensor?> items) => new() { Items = items };

    internal IReadOnlyList<Tensor?> RequireList(string where) =>
        Items ?? throw new InvalidOperationException($"{where}: expected a TensorList.");

    internal Tensor RequireTensor(string where) =>
        Tensor ?? throw new InvalidOperationException($"{where}: expected a numeric tensor, got {(Strings is not null ? "strings" : Resource is not null ? "a resource" : "no value")}.");

    internal byte[][] RequireStrings(string where) =>
        Strings ?? throw new InvalidOperationException($"{where}: expected a string tensor.");

    internal VariableSlot RequireResource(string where) =>
        Resource ?? throw new InvalidOperationException($"{where}: expected a resource (variable handle).");
}

/// <summary>A variable living in the interpreter (a TF2 resource variable or a TF1 <c>VariableV2</c>).</summary>
internal sealed class VariableSlot(string name, DType? dtype, long[]? shape)
{
    internal string Name { get; } = name;

    internal DType? DType { get; } = dtype;

    internal long[]? Shape { get; } = shape;

    /// <summary>A TF1 reference variable (<c>VariableV2</c>): reading the node yields the value.</summary>
    internal bool IsRef { get; init; }

    /// <summary>The current value; null until assigned (restored).</summary>
    internal GraphValue? Value { get; set; }
}
