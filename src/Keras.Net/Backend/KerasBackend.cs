// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net.Backend;

/// <summary>
/// Process-level backend settings: the default device and dtype, seeding, and the session state that
/// <see cref="ClearSession"/> resets (Keras's <c>keras.backend</c> and <c>keras.utils.set_random_seed</c>).
/// </summary>
public static class KerasBackend
{
    private static Device _defaultDevice = Device.Cpu;

    /// <summary>The device new variables are created on. CPU unless set.</summary>
    /// <exception cref="InvalidOperationException">A CUDA device is set but CUDA is not available.</exception>
    public static Device DefaultDevice
    {
        get => _defaultDevice;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.IsCuda && !Device.IsCudaAvailable)
            {
                throw new InvalidOperationException(
                    $"Cannot use device {value}: CUDA is not available. Reference a CUDA libtorch package and check the driver.");
            }

            _defaultDevice = value;
        }
    }

    /// <summary>The default float dtype (Keras's <c>floatx()</c>): <c>float32</c>.</summary>
    public static DType Floatx { get; set; } = DType.Float32;

    /// <summary>
    /// The number of TorchSharp tensors alive on the calling thread. Use it to check that a loop leaks no
    /// tensors: the count before and after should be equal.
    /// </summary>
    public static long LiveTensorCount => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    /// <summary>
    /// The number of threads libtorch uses for intra-op parallelism on the CPU. Keras.Net starts it at 1 on machines
    /// with two cores or fewer (a second thread there gains little and costs 4-9x when another process is busy;
    /// docs/performance.md, "Threads") and leaves libtorch's default (the physical cores) elsewhere;
    /// <c>KERASNET_NUM_THREADS</c> or <c>OMP_NUM_THREADS</c> in the environment take precedence.
    /// </summary>
    public static int NumThreads
    {
        get => torch.get_num_threads();
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            torch.set_num_threads(value);
        }
    }

    /// <summary>
    /// Resets the session state of the current async flow: the counters behind default layer names
    /// (<c>dense</c>, <c>dense_1</c>, ...). Keras's <c>keras.backend.clear_session()</c>.
    /// </summary>
    public static void ClearSession() => NameRegistry.Reset();

    /// <summary>
    /// Seeds every random number generator Keras.Net uses (initializers, dropout, shuffling), so that two
    /// runs with the same seed produce identical results. Keras's <c>keras.utils.set_random_seed</c>.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public static void SetRandomSeed(int seed)
    {
        torch.random.manual_seed(seed);
        RandomState.Seed(seed);
    }
}
