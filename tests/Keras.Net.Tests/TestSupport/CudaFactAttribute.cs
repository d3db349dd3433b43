// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Tests.TestSupport;

/// <summary>A fact that is reported as skipped, with the reason, when no CUDA device is available.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!Device.IsCudaAvailable)
        {
            Skip = "CUDA is not available on this machine (no GPU or CPU-only libtorch); CPU tests cover the same code.";
        }
    }
}
