// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net.Backend;

/// <summary>Conversions between Keras.Net's backend types and TorchSharp's.</summary>
internal static class TorchInterop
{
    internal static bool CudaAvailable() => torch.cuda.is_available();

    internal static torch.Device ToTorch(Device device) =>
        device.IsCuda ? new torch.Device(DeviceType.CUDA, device.Index) : torch.CPU;

    internal static Device FromTorch(torch.Device device) =>
        device.type == DeviceType.CUDA ? Device.Cuda(Math.Max(device.index, 0)) : Device.Cpu;

    internal static torch.ScalarType ToTorch(DType dtype) => dtype.Name switch
    {
        "float32" => torch.ScalarType.Float32,
        "float64" => torch.ScalarType.Float64,
        "float16" => torch.ScalarType.Float16,
        "bfloat16" => torch.ScalarType.BFloat16,
        "int8" => torch.ScalarType.Int8,
        "uint8" => torch.ScalarType.Byte,
        "int16" => torch.ScalarType.Int16,
        "int32" => torch.ScalarType.Int32,
        "int64" => torch.ScalarType.Int64,
        "bool" => torch.ScalarType.Bool,
        _ => throw new ArgumentException($"dtype '{dtype.Name}' has no TorchSharp equivalent."),
    };

    internal static DType FromTorch(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => DType.Float32,
        torch.ScalarType.Float64 => DType.Float64,
        torch.ScalarType.Float16 => DType.Float16,
        torch.ScalarType.BFloat16 => DType.BFloat16,
        torch.ScalarType.Int8 => DType.Int8,
        torch.ScalarType.Byte => DType.UInt8,
        torch.ScalarType.Int16 => DType.Int16,
        torch.ScalarType.Int32 => DType.Int32,
        torch.ScalarType.Int64 => DType.Int64,
        torch.ScalarType.Bool => DType.Bool,
        _ => throw new ArgumentException($"TorchSharp type {type} has no Keras dtype."),
    };
}
