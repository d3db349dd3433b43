// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Tests.Backend;

/// <summary>The default intra-op thread count (docs/performance.md, "Threads").</summary>
public sealed class ThreadPolicyTests
{
    [Fact]
    public void SmallMachines_DefaultToOneThread_LargerOnesKeepLibtorchs()
    {
        if (Environment.GetEnvironmentVariable("KERASNET_NUM_THREADS") is not null || Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is not null)
        {
            return; // the environment decides; covered below
        }

        Assert.Equal(Environment.ProcessorCount <= 2 ? 1 : null, ThreadPolicy.DefaultThreads());
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("0", null)]
    [InlineData("many", null)]
    public void KerasNetNumThreads_InTheEnvironment_Decides(string value, int? expected)
    {
        string? before = Environment.GetEnvironmentVariable("KERASNET_NUM_THREADS");
        Environment.SetEnvironmentVariable("KERASNET_NUM_THREADS", value);
        try
        {
            Assert.Equal(expected, ThreadPolicy.DefaultThreads());
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERASNET_NUM_THREADS", before);
        }
    }
}
