// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Tests.TestSupport;

/// <summary>Tests that seed or read TorchSharp's process-wide generator run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalRandomCollection
{
    public const string Name = "TorchGlobalRandom";
}
