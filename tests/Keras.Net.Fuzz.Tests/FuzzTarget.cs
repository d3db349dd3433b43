// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Fuzz.Tests;

/// <summary>What a case asks the library to do with the file it wrote.</summary>
internal enum FuzzOperation
{
    /// <summary><c>Model.Load(path)</c>, then <c>Predict</c> on zeros shaped like the model's inputs.</summary>
    LoadModel,

    /// <summary><c>LoadWeights(path)</c> into a fresh copy of the base model, then <c>Predict</c>.</summary>
    LoadWeights,

    /// <summary><c>SavedModel.Load(path)</c>, then every signature on zeros shaped like its inputs.</summary>
    ServeSavedModel,
}

/// <summary>The file a case wrote and what to do with it.</summary>
/// <param name="Operation">The call.</param>
/// <param name="Path">The file or folder.</param>
/// <param name="MustRefuse">Whether success is a violation (a restore path outside the folder, a refused class).</param>
internal sealed record FuzzTarget(FuzzOperation Operation, string Path, bool MustRefuse = false);

/// <summary>One deterministic case: a family, its index in the family, and how to write its file.</summary>
/// <param name="Id">The global case number.</param>
/// <param name="Family">The generator family (e.g. <c>h5-bytes</c>).</param>
/// <param name="Description">What was done to the file.</param>
/// <param name="Build">Writes the case's file(s) under the given folder and names the target.</param>
internal sealed record FuzzCase(int Id, string Family, string Description, Func<string, FuzzTarget> Build);
