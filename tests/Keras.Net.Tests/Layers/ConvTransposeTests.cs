// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Layers;
using Keras.Net.Serialization;
using Keras.Net.Tests.TestSupport;

namespace Keras.Net.Tests.Layers;

/// <summary>Conv1DTranspose and Conv2DTranspose against scatter-adds worked out by hand, with TensorFlow's output lengths.</summary>
public sealed class ConvTransposeTests : KerasTestBase
{
    private static Conv1DTranspose Make(float[] kernel, int stride, string padding, int dilation = 1)
    {
        var layer = new Conv1DTranspose(1, [kernel.Length], strides: [stride], padding: padding, dilationRate: [dilation], useBias: false);
        layer.EnsureBuilt(new Shape([null, 3, 1]));
        layer.SetWeights([Ops.FromArray(kernel, [kernel.Length, 1, 1])]);
        return layer;
    }

    [Fact]
    public void Strided_ScattersEachInputIntoItsWindow()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

        using Tensor valid = Make([1f, 10f], 2, "valid").Apply(x);
        using Tensor same = Make([1f, 10f], 2, "same").Apply(x);

        TensorAssert.Close([1f, 10f, 2f, 20f, 3f, 30f], valid);
        TensorAssert.Close([1f, 10f, 2f, 20f, 3f, 30f], same);
    }

    [Fact]
    public void Same_CropsTheFullResultLikeTensorFlow()
    {
        using Tensor x3 = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);
        using Tensor x2 = Ops.FromArray([1f, 2f], [1, 2, 1]);

        // Full result of [1, 2, 3] with kernel [1, 2, 3] is [1, 4, 10, 12, 9]; same keeps 3 starting at 1.
        using Tensor stride1 = Make([1f, 2f, 3f], 1, "same").Apply(x3);
        // Full result [1, 2, 5, 4, 6]; same keeps n * stride = 4 from the start (adjoint of TF's (0, 1) padding).
        using Tensor stride2 = Make([1f, 2f, 3f], 2, "same").Apply(x2);

        TensorAssert.Close([4f, 10f, 12f], stride1);
        TensorAssert.Close([1f, 2f, 5f, 4f], stride2);
    }

    [Fact]
    public void Dilated_Valid_KeepsTheFullResult()
    {
        using Tensor x = Ops.FromArray([1f, 2f, 3f], [1, 3, 1]);

        using Tensor y = Make([1f, 10f], 1, "valid", dilation: 2).Apply(x);

        TensorAssert.Close([1f, 2f, 13f, 20f, 30f], y);
    }

    [Fact]
    public void Conv2DTranspose_ExpandsEachPixelIntoABlock_AndAddsTheBias()
    {
        var layer = new Conv2DTranspose(1, [2], strides: [2], kernelInitializer: "ones", biasInitializer: new Keras.Net.Initializers.Constant(0.5));
        using Tensor x = Ops.FromArray([1f, 2f, 3f, 4f], [1, 2, 2, 1]);

        using Tensor y = layer.Apply(x);

        TensorAssert.Close([1.5f, 1.5f, 2.5f, 2.5f, 1.5f, 1.5f, 2.5f, 2.5f, 3.5f, 3.5f, 4.5f, 4.5f, 3.5f, 3.5f, 4.5f, 4.5f], y);
        Assert.Equal(Shape.Of(2, 2, 1, 1), layer.Kernel!.Shape);
        Assert.Equal(new Shape([null, 7, 9, 1]), new Conv2DTranspose(1, [3], strides: [2]).ComputeOutputShape(new Shape([null, 3, 4, 5])));
    }

    [Fact]
    public void Config_HasOutputPadding_AndRoundTrips()
    {
        var layer = new Conv2DTranspose(4, [3], strides: [2], padding: "same");

        string json = PythonJson.Serialize(KerasSerializer.Serialize(layer));

        Assert.Contains("\"output_padding\": null", json);
        Assert.Equal(json, PythonJson.Serialize(KerasSerializer.Serialize(KerasSerializer.Deserialize<Layer>(PythonJson.Parse(json)))));
        Assert.Throws<ArgumentException>(() => new Conv1DTranspose(1, [2], strides: [2], outputPadding: 2));

        var padded = (Conv2DTranspose)KerasSerializer.Deserialize<Layer>(PythonJson.Parse("""{"class_name": "Conv2DTranspose", "config": {"name": "t", "filters": 2, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "output_padding": [1, 0]}}"""));
        Assert.Equal([1, 0], padded.OutputPadding);
        Assert.Contains("\"output_padding\": [1, 0]", PythonJson.Serialize(KerasSerializer.Serialize(padded)), StringComparison.Ordinal);
    }

    public static TheoryData<int, int, int, string, int?> Configurations()
    {
        var data = new TheoryData<int, int, int, string, int?>();
        foreach (int k in new[] { 1, 2, 3, 4, 5 })
        {
            foreach (int s in new[] { 1, 2, 3 })
            {
                foreach (int d in new[] { 1, 2 }.Where(d => d == 1 || s == 1))
                {
                    // Keras refuses strides > 1 with dilation_rate > 1.
                    foreach (string padding in new[] { "valid", "same" })
                    {
                        data.Add(k, s, d, padding, null);
                        data.Add(k, s, d, padding, s - 1);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Conv1DTranspose_IsTheAdjointOfTensorFlowsForwardConvolution(int k, int stride, int dilation, string padding, int? outputPadding)
    {
        const int n = 5, inC = 2, filters = 3;
        var layer = new Conv1DTranspose(filters, [k], strides: [stride], padding: padding, outputPadding: outputPadding is int op0 ? (IntTuple)op0 : default, dilationRate: [dilation], useBias: false);
        layer.EnsureBuilt(new Shape([null, n, inC]));
        float[] w = Enumerable.Range(0, k * filters * inC).Select(i => (float)Math.Sin(i + 1)).ToArray();
        layer.SetWeights([Ops.FromArray(w, [k, filters, inC])]);
        float[] x = Enumerable.Range(0, 2 * n * inC).Select(i => (float)Math.Cos(0.7 * i)).ToArray();

        using Tensor input = Ops.FromArray(x, [2, n, inC]);
        using Tensor y = layer.Apply(input);

        // Output length: Keras's deconv_output_length. Values: the adjoint of tf.nn.conv1d mapping that length back to
        // n with the same padding, i.e. forward(z)[t] = sum_j z[t*s + j*d - padBefore] . W[j], so each input step t
        // adds x[t] . W[j] at position t*s + j*d - padBefore.
        int kd = ((k - 1) * dilation) + 1;
        int length = outputPadding is int op
            ? ((n - 1) * stride) + kd - (2 * (padding == "same" ? kd / 2 : 0)) + op
            : padding == "same" ? n * stride : (n * stride) + Math.Max(kd - stride, 0);
        int padBefore = padding == "same" ? Math.Max(((n - 1) * stride) + kd - length, 0) / 2 : 0;
        var want = new double[2 * length * filters];
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < n; t++)
            {
                for (int j = 0; j < k; j++)
                {
                    int p = (t * stride) + (j * dilation) - padBefore;
                    if (p < 0 || p >= length)
                    {
                        continue;
                    }

                    for (int f = 0; f < filters; f++)
                    {
                        for (int c = 0; c < inC; c++)
                        {
                            want[(((b * length) + p) * filters) + f] += x[(((b * n) + t) * inC) + c] * w[(((j * filters) + f) * inC) + c];
                        }
                    }
                }
            }
        }

        Assert.Equal(new Shape([2, length, filters]), Ops.ShapeOf(y));
        Assert.Equal(new Shape([null, length, filters]), layer.ComputeOutputShape(new Shape([null, n, inC])));
        TensorAssert.Close(want.Select(v => (float)v).ToArray(), y, 1e-5f);
    }
}
