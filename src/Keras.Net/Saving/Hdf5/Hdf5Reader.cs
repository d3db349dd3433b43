// SPDX-License-Identifier: Apache-2.0
using Keras.Net.Backend;
using PureHDF;
using PureHDF.VOL.Native;

namespace Keras.Net.Saving.Hdf5;

/// <summary>Defensive reads from a Keras HDF5 file: every failure becomes a <see cref="KerasFormatException"/> naming the file and the object path.</summary>
internal sealed class Hdf5Reader : IDisposable
{
    private readonly NativeFile _file;

    private Hdf5Reader(NativeFile file, string path)
    {
        _file = file;
        FilePath = path;
    }

    internal string FilePath { get; }

    internal NativeFile Root => _file;

    /// <summary>Opens HDF5 bytes from a seekable stream (a stored zip entry read in place); the reader owns the stream.</summary>
    internal static Hdf5Reader Open(Stream stream, string displayName)
    {
        try
        {
            return new Hdf5Reader(H5File.Open(stream, false), displayName);
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw new KerasFormatException($"Not a readable HDF5 file ({ErrorText.Describe(e)}).", "/", displayName, e);
        }
    }

    internal static Hdf5Reader Open(string path, string? displayName = null)
    {
        try
        {
            return new Hdf5Reader(H5File.OpenRead(path), displayName ?? path);
        }
        catch (Exception e) when (e is not KerasFormatException and not FileNotFoundException and not DirectoryNotFoundException and not UnauthorizedAccessException)
        {
            throw new KerasFormatException($"Not a readable HDF5 file ({e.Message}).", "/", displayName ?? path, e);
        }
    }

    internal KerasFormatException Error(string message, string objectPath, Exception? inner = null) => new(message, objectPath, FilePath, inner);

    internal bool HasAttribute(IH5Group group, string name)
    {
        try
        {
            return group.AttributeExists(name);
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Cannot read the attributes ({e.Message}).", group.Name, e);
        }
    }

    internal bool HasLink(IH5Group group, string path)
    {
        try
        {
            return group.LinkExists(path);
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Cannot read the group ({e.Message}).", group.Name + "/" + path, e);
        }
    }

    internal IH5Group Group(IH5Group parent, string path)
    {
        try
        {
            return parent.Group(path);
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Missing or unreadable group ({e.Message}).", Join(parent.Name, path), e);
        }
    }

    /// <summary>A string attribute (fixed or variable length, ASCII or UTF-8).</summary>
    internal string? String(IH5Group group, string name)
    {
        if (!HasAttribute(group, name))
        {
            return null;
        }

        try
        {
            return group.Attribute(name).Read<string>().TrimEnd('\0');
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Attribute '{name}' is not a string ({e.Message}).", group.Name + "@" + name, e);
        }
    }

    /// <summary>A list-of-strings attribute, including Keras's chunked <c>name0</c>, <c>name1</c>, ... form and the float64 empty list.</summary>
    internal List<string>? StringList(IH5Group group, string name)
    {
        if (HasAttribute(group, name))
        {
            return ReadList(group, name);
        }

        if (!HasAttribute(group, name + "0"))
        {
            return null;
        }

        var all = new List<string>();
        for (int i = 0; HasAttribute(group, name + i); i++)
        {
            all.AddRange(ReadList(group, name + i));
        }

        return all;
    }

    internal IH5Dataset Dataset(IH5Group group, string path)
    {
        try
        {
            return group.Dataset(path);
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Missing or unreadable dataset ({e.Message}).", Join(group.Name, path), e);
        }
    }

    /// <summary>Reads a dataset whose shape was already checked straight into <paramref name="target"/>'s storage.</summary>
    internal void ReadInto(IH5Dataset ds, Tensor target, string objectPath, bool longLived = true)
    {
        try
        {
            switch (ds.Type.Class, ds.Type.Size)
            {
                case (H5DataTypeClass.FloatingPoint, 4): Ops.FillInPlace<float>(target, m => ds.Read(m), longLived); break;
                case (H5DataTypeClass.FloatingPoint, 8): Ops.FillInPlace<double>(target, m => ds.Read(m), longLived); break;
                case (H5DataTypeClass.FloatingPoint, 2): Ops.FillInPlace<float>(target, m => ReadHalf(ds, m), longLived); break;
                case (H5DataTypeClass.FixedPoint, 8): Ops.FillInPlace<long>(target, m => ds.Read(m), longLived); break;
                case (H5DataTypeClass.FixedPoint, 4): Ops.FillInPlace<int>(target, m => ds.Read(m), longLived); break;
                case (H5DataTypeClass.FixedPoint, 1): Ops.FillInPlace<byte>(target, m => ds.Read(m), longLived); break;
                default: throw Error($"Unsupported element type {ds.Type.Class} of size {ds.Type.Size}.", objectPath);
            }
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"The data cannot be read ({e.Message}); the file may be truncated or corrupt.", objectPath, e);
        }
    }

    /// <summary>Reads a dataset whose shape must be <paramref name="expected"/> (checked before any data is read).</summary>
    internal Tensor Tensor(IH5Dataset ds, long[] expected, string objectPath)
    {
        ulong[] dims;
        try
        {
            dims = ds.Space.Dimensions;
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Unreadable dataspace ({e.Message}).", objectPath, e);
        }

        long[] shape = dims.Select(d => (long)d).ToArray();
        if (!shape.SequenceEqual(expected))
        {
            throw Error($"Shape mismatch: the file holds {Shape.Of(shape)} but the variable is {Shape.Of(expected)}.", objectPath);
        }

        DType dtype = (ds.Type.Class, ds.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => DType.Float32,
            (H5DataTypeClass.FloatingPoint, 8) => DType.Float64,
            (H5DataTypeClass.FloatingPoint, 2) => DType.Float32,
            (H5DataTypeClass.FixedPoint, 8) => DType.Int64,
            (H5DataTypeClass.FixedPoint, 4) => DType.Int32,
            (H5DataTypeClass.FixedPoint, 1) => DType.UInt8,
            _ => throw Error($"Unsupported element type {ds.Type.Class} of size {ds.Type.Size}.", objectPath),
        };
        Tensor result = Ops.Empty(shape, dtype, Device.Cpu);
        try
        {
            ReadInto(ds, result, objectPath, longLived: false);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// float16 values (a Keras <c>float16</c> or <c>mixed_float16</c> policy's variables) widened to float32, which
    /// holds every float16 exactly: Keras.Net's variables and math are float32.
    /// </summary>
    private static void ReadHalf(IH5Dataset ds, Memory<float> target)
    {
        var halves = new Half[target.Length];
        ds.Read(halves.AsMemory());
        Span<float> span = target.Span;
        for (int i = 0; i < halves.Length; i++)
        {
            span[i] = (float)halves[i];
        }
    }

    public void Dispose() => _file.Dispose();

    private List<string> ReadList(IH5Group group, string name)
    {
        try
        {
            IH5Attribute attr = group.Attribute(name);
            if (attr.Type.Class == H5DataTypeClass.FloatingPoint)
            {
                return [];
            }

            return attr.Read<string[]>().Select(s => s.TrimEnd('\0')).ToList();
        }
        catch (Exception e) when (e is not KerasFormatException)
        {
            throw Error($"Attribute '{name}' is not a list of strings ({e.Message}).", group.Name + "@" + name, e);
        }
    }

    private static string Join(string a, string b) => a.EndsWith('/') ? a + b : a + "/" + b;
}
