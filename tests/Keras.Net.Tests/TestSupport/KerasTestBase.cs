// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;

namespace Keras.Net.Tests.TestSupport;

/// <summary>Starts every test with fresh name counters (Keras's TestCase.setUp clears the session).</summary>
public abstract class KerasTestBase
{
    protected KerasTestBase()
    {
        KerasBackend.ClearSession();
    }
}
