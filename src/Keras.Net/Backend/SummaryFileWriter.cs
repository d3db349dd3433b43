// SPDX-License-Identifier: Apache-2.0
using TorchSharp;

namespace Keras.Net.Backend;

/// <summary>
/// TensorBoard event files, written by TorchSharp's own <c>torch.utils.tensorboard.SummaryWriter</c> (TFRecord
/// framing, masked CRC32C, <c>Event</c> protos that TensorBoard reads): scalars, histograms and text in one folder.
/// </summary>
internal sealed class SummaryFileWriter
{
    private readonly TorchSharp.Modules.SummaryWriter _writer;

    internal SummaryFileWriter(string folder)
    {
        Directory.CreateDirectory(folder);
        _writer = torch.utils.tensorboard.SummaryWriter(folder);
    }

    /// <summary>The folder the event file is in.</summary>
    internal string Folder => _writer.LogDir;

    internal void Scalar(string tag, double value, long step) => _writer.add_scalar(tag, (float)value, checked((int)step));

    /// <summary>A histogram of the values (TorchSharp's default bins), read on the CPU.</summary>
    internal void Histogram(string tag, Tensor values, long step)
    {
        using Tensor cpu = values.detach().cpu().to_type(torch.float32);
        _writer.add_histogram(tag, cpu, checked((int)step));
    }

    internal void Text(string tag, string text, long step) => _writer.add_text(tag, text, checked((int)step));
}
