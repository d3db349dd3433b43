// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Backend;

/// <summary>
/// Listens to the ops <see cref="Ops"/> computes while it is active on a thread (see <see cref="OpRecording"/>): each
/// op is reported by a neutral name (<c>matmul</c>, <c>conv</c>, <c>reshape</c>, ...), its input tensors, its result
/// and plain attributes (numbers, arrays, strings). What a recorder makes of them (a TensorFlow graph, for a SavedModel)
/// is its own business: nothing here knows a file format.
/// </summary>
internal interface IOpRecorder
{
    /// <summary>One op: <paramref name="results"/> = <paramref name="op"/>(<paramref name="inputs"/>; <paramref name="attributes"/>).</summary>
    void Record(string op, IReadOnlyList<Tensor> results, IReadOnlyList<Tensor> inputs, IReadOnlyDictionary<string, object>? attributes);

    /// <summary>A layer's call starts (names and error messages name it).</summary>
    void EnterLayer(string name);

    /// <summary>The layer's call ended.</summary>
    void ExitLayer();

    /// <summary>
    /// Checks that the recorder can account for a layer's tensors: its inputs just before its call (a tensor it cannot
    /// is blamed on the calling layer), or its outputs just after (blamed on the layer itself).
    /// </summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="produced">True for the layer's outputs, false for its inputs.</param>
    void CheckLayerTensors(IReadOnlyList<Tensor> tensors, bool produced);

    /// <summary>
    /// A loop (<see cref="Ops.Scan"/>) starts: its body is the ops recorded until <see cref="EndLoopBody"/>, computed on
    /// <paramref name="carry"/> (the loop state) and <paramref name="steps"/> (one slice of each sequence).
    /// </summary>
    /// <param name="initial">The state before the loop.</param>
    /// <param name="sequences">The sequences looped over.</param>
    /// <param name="axis">The axis the sequences are sliced along.</param>
    /// <param name="reverse">Whether the loop runs from the last slice to the first.</param>
    /// <param name="carry">Stand-ins for the state inside the body.</param>
    /// <param name="steps">Stand-ins for the slices inside the body.</param>
    void BeginLoop(IReadOnlyList<Tensor> initial, IReadOnlyList<Tensor> sequences, long axis, bool reverse, IReadOnlyList<Tensor> carry, IReadOnlyList<Tensor> steps);

    /// <summary>The body's results: the next state and the slices of the outputs.</summary>
    void EndLoopBody(IReadOnlyList<Tensor> nextCarry, IReadOnlyList<Tensor> stepOutputs);

    /// <summary>The loop's results: the final state and the outputs stacked along the sequences' axis.</summary>
    void EndLoop(IReadOnlyList<Tensor> finalCarry, IReadOnlyList<Tensor> stacked);
}
