using System.Runtime.InteropServices;
using Ifcb.Data.IO;
using static Ifcb.Formats.Hdf5.Hdf5Native;

namespace Ifcb.Formats.Hdf5;

/// <summary>
/// Collects datasets for one HDF5 file and writes them in one go through the reference C library: numeric arrays
/// gzip-compressed in chunks, variable-length ASCII strings, and empty (NULL dataspace) datasets that only carry
/// string attributes. The file is built in memory (core driver) and then written atomically, so a reader never
/// opens a half-written file.
/// </summary>
public sealed class Hdf5FileBuilder
{
    // Chunks of about 1 MiB keep compression effective without making small reads expensive.
    private const long ChunkElementBudget = 1 << 18;

    private readonly List<Entry> _entries = [];

    /// <summary>The gzip level (0-9) used for every chunked dataset.</summary>
    public int CompressionLevel { get; init; } = 4;

    /// <summary>Adds a float32 dataset; <paramref name="dims"/> defaults to one dimension of the data's length.</summary>
    public Hdf5FileBuilder AddFloat32(string name, float[] data, params int[] dims) => Add(name, "H5T_NATIVE_FLOAT_g", "H5T_IEEE_F32LE_g", data, dims);

    /// <summary>Adds a float64 dataset.</summary>
    public Hdf5FileBuilder AddFloat64(string name, double[] data, params int[] dims) => Add(name, "H5T_NATIVE_DOUBLE_g", "H5T_IEEE_F64LE_g", data, dims);

    /// <summary>Adds an int32 dataset.</summary>
    public Hdf5FileBuilder AddInt32(string name, int[] data, params int[] dims) => Add(name, "H5T_NATIVE_INT_g", "H5T_STD_I32LE_g", data, dims);

    /// <summary>Adds a uint32 dataset.</summary>
    public Hdf5FileBuilder AddUInt32(string name, uint[] data, params int[] dims) => Add(name, "H5T_NATIVE_UINT_g", "H5T_STD_U32LE_g", data, dims);

    /// <summary>Adds a scalar float64 dataset (h5py reads it with <c>f[name][()]</c>).</summary>
    public Hdf5FileBuilder AddScalar(string name, double value) => Add(name, "H5T_NATIVE_DOUBLE_g", "H5T_IEEE_F64LE_g", new[] { value }, []);

    /// <summary>Adds a 1-D dataset of variable-length strings: ASCII-tagged, or UTF-8-tagged when
    /// <paramref name="allowUtf8"/> is set and a value needs it (never for v3 class labels, which pyifcb decodes as ASCII).</summary>
    public Hdf5FileBuilder AddStrings(string name, IReadOnlyList<string> values, bool allowUtf8 = false)
    {
        var utf8 = allowUtf8 && values.Any(v => v.Any(c => c > 127));
        if (!utf8)
        {
            foreach (var value in values)
            {
                RequireAscii(name, value);
            }
        }

        _entries.Add(new Entry(name, utf8 ? Kind.Utf8Strings : Kind.Strings, null, null, values.ToArray(), new[] { values.Count }, null));
        return this;
    }

    /// <summary>Adds a scalar variable-length ASCII string dataset.</summary>
    public Hdf5FileBuilder AddString(string name, string value)
    {
        RequireAscii(name, value);
        _entries.Add(new Entry(name, Kind.Strings, null, null, new[] { value }, Array.Empty<int>(), null));
        return this;
    }

    /// <summary>Adds a dataset with a NULL dataspace (h5py: <c>h5py.Empty('f')</c>) carrying string attributes.</summary>
    public Hdf5FileBuilder AddEmpty(string name, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            RequireAscii($"{name}@{key}", value);
        }

        _entries.Add(new Entry(name, Kind.Empty, null, null, null, Array.Empty<int>(), attributes));
        return this;
    }

    /// <summary>Builds the file image in memory. Safe to call from several threads (calls are serialised).</summary>
    public byte[] ToBytes()
    {
        lock (Sync)
        {
            return BuildImage();
        }
    }

    /// <summary>Writes the file atomically (temporary file, then rename).</summary>
    public void Write(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    private byte[] BuildImage()
    {
        EnsureLoaded();
        var fapl = Check(H5Pcreate(Global("H5P_CLS_FILE_ACCESS_ID_g")), "H5Pcreate(file access)");
        long file;
        try
        {
            Check(H5Pset_fapl_core(fapl, 1 << 20, 0), "H5Pset_fapl_core");
            // The name only labels the in-memory image; with backing_store off nothing touches the disk.
            file = Check(H5Fcreate($"ifcb-{Guid.NewGuid():N}.h5", AccTrunc, Default, fapl), "H5Fcreate");
        }
        finally
        {
            _ = H5Pclose(fapl);
        }

        try
        {
            foreach (var entry in _entries)
            {
                WriteEntry(file, entry);
            }

            Check(H5Fflush(file, 0), "H5Fflush");
            var size = H5Fget_file_image(file, IntPtr.Zero, 0);
            if (size < 0)
            {
                throw new IOException("HDF5: H5Fget_file_image failed");
            }

            var bytes = new byte[size];
            var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
            try
            {
                if (H5Fget_file_image(file, handle.AddrOfPinnedObject(), (nuint)size) != size)
                {
                    throw new IOException("HDF5: H5Fget_file_image returned a short image");
                }
            }
            finally
            {
                handle.Free();
            }

            return bytes;
        }
        finally
        {
            _ = H5Fclose(file);
        }
    }

    private Hdf5FileBuilder Add(string name, string memType, string fileType, Array data, int[] dims)
    {
        if (dims.Length == 0 && data.Length != 1)
        {
            dims = [data.Length];
        }

        long count = 1;
        foreach (var d in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dims));
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"dataset '{name}': {data.Length} values do not fill dimensions [{string.Join(", ", dims)}]", nameof(data));
        }

        _entries.Add(new Entry(name, Kind.Numeric, memType, fileType, data, dims, null));
        return this;
    }

    private void WriteEntry(long file, Entry entry)
    {
        switch (entry.Kind)
        {
            case Kind.Numeric:
                WriteNumeric(file, entry);
                break;
            case Kind.Strings or Kind.Utf8Strings:
                WriteStrings(file, entry);
                break;
            default:
                WriteEmpty(file, entry);
                break;
        }
    }

    private void WriteNumeric(long file, Entry entry)
    {
        var space = CreateSpace(entry.Dims);
        var dcpl = CreateChunkedGzip(entry.Dims);
        var dataset = -1L;
        var handle = GCHandle.Alloc(entry.Data!, GCHandleType.Pinned);
        try
        {
            dataset = Check(H5Dcreate2(file, entry.Name, Global(entry.FileType!), space, Default, dcpl, Default), $"H5Dcreate2({entry.Name})");
            if (entry.Data!.Length > 0)
            {
                Check(H5Dwrite(dataset, Global(entry.MemType!), All, All, Default, handle.AddrOfPinnedObject()), $"H5Dwrite({entry.Name})");
            }
        }
        finally
        {
            handle.Free();
            Close(dataset, space, dcpl);
        }
    }

    private void WriteStrings(long file, Entry entry)
    {
        var values = (string[])entry.Data!;
        var type = CreateAsciiStringType();
        if (entry.Kind == Kind.Utf8Strings)
        {
            Check(H5Tset_cset(type, CsetUtf8), "H5Tset_cset(UTF8)");
        }

        var space = CreateSpace(entry.Dims);
        var dcpl = CreateChunkedGzip(entry.Dims);
        var dataset = -1L;
        var pointers = new IntPtr[values.Length];
        var handle = GCHandle.Alloc(pointers, GCHandleType.Pinned);
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            }

            dataset = Check(H5Dcreate2(file, entry.Name, type, space, Default, dcpl, Default), $"H5Dcreate2({entry.Name})");
            if (values.Length > 0)
            {
                Check(H5Dwrite(dataset, type, All, All, Default, handle.AddrOfPinnedObject()), $"H5Dwrite({entry.Name})");
            }
        }
        finally
        {
            handle.Free();
            foreach (var p in pointers)
            {
                Marshal.FreeCoTaskMem(p);
            }

            Close(dataset, space, dcpl);
            _ = H5Tclose(type);
        }
    }

    private static void WriteEmpty(long file, Entry entry)
    {
        var space = Check(H5Screate(SpaceNull), "H5Screate(NULL)");
        var dataset = -1L;
        var dcpl = CreatePlain();
        try
        {
            // h5py.Empty('f') is a float32 dataset with a NULL dataspace; ifcb_classifier writes exactly that.
            dataset = Check(H5Dcreate2(file, entry.Name, Global("H5T_IEEE_F32LE_g"), space, Default, dcpl, Default), $"H5Dcreate2({entry.Name})");
            foreach (var (key, value) in entry.Attributes!)
            {
                WriteStringAttribute(dataset, key, value);
            }
        }
        finally
        {
            if (dataset >= 0)
            {
                _ = H5Dclose(dataset);
            }

            _ = H5Sclose(space);
            _ = H5Pclose(dcpl);
        }
    }

    private static void WriteStringAttribute(long target, string key, string value)
    {
        var type = CreateAsciiStringType();
        var space = Check(H5Screate(SpaceScalar), "H5Screate(SCALAR)");
        var attribute = -1L;
        var pointer = Marshal.StringToCoTaskMemUTF8(value);
        var cell = new[] { pointer };
        var handle = GCHandle.Alloc(cell, GCHandleType.Pinned);
        try
        {
            attribute = Check(H5Acreate2(target, key, type, space, Default, Default), $"H5Acreate2({key})");
            Check(H5Awrite(attribute, type, handle.AddrOfPinnedObject()), $"H5Awrite({key})");
        }
        finally
        {
            handle.Free();
            Marshal.FreeCoTaskMem(pointer);
            if (attribute >= 0)
            {
                _ = H5Aclose(attribute);
            }

            _ = H5Sclose(space);
            _ = H5Tclose(type);
        }
    }

    private static long CreateAsciiStringType()
    {
        var type = Check(H5Tcopy(Global("H5T_C_S1_g")), "H5Tcopy(C_S1)");
        Check(H5Tset_size(type, Variable), "H5Tset_size(VARIABLE)");
        Check(H5Tset_cset(type, CsetAscii), "H5Tset_cset(ASCII)");
        Check(H5Tset_strpad(type, StrNullTerm), "H5Tset_strpad");
        return type;
    }

    private static long CreateSpace(int[] dims)
    {
        if (dims.Length == 0)
        {
            return Check(H5Screate(SpaceScalar), "H5Screate(SCALAR)");
        }

        var d = dims.Select(x => (ulong)x).ToArray();
        return Check(H5Screate_simple(d.Length, d, IntPtr.Zero), "H5Screate_simple");
    }

    private long CreateChunkedGzip(int[] dims)
    {
        // Scalars and zero-length datasets cannot be chunked: they stay contiguous (and hold nothing to compress).
        if (dims.Length == 0 || dims.Any(d => d == 0))
        {
            // Not chunked (an empty dataset cannot be), but still without modification times: an empty bin's file
            // must be byte-identical whenever it is written (issue 18: a sharded run equals a single one).
            return CreatePlain();
        }

        var chunk = dims.Select(d => (ulong)d).ToArray();
        var inner = 1L;
        for (var i = 1; i < chunk.Length; i++)
        {
            inner *= (long)chunk[i];
        }

        chunk[0] = (ulong)Math.Clamp(ChunkElementBudget / Math.Max(inner, 1), 1, dims[0]);
        var dcpl = Check(H5Pcreate(Global("H5P_CLS_DATASET_CREATE_ID_g")), "H5Pcreate(dataset create)");
        Check(H5Pset_chunk(dcpl, chunk.Length, chunk), "H5Pset_chunk");
        Check(H5Pset_deflate(dcpl, (uint)CompressionLevel), "H5Pset_deflate");
        NoTimestamps(dcpl);
        return dcpl;
    }

    // libhdf5 stamps every object with its modification time by default; without it the same content gives the
    // same bytes, which is what lets a resumed or sharded classify run be compared byte for byte.
    private static void NoTimestamps(long dcpl) => Check(H5Pset_obj_track_times(dcpl, 0), "H5Pset_obj_track_times");

    private static long CreatePlain()
    {
        var dcpl = Check(H5Pcreate(Global("H5P_CLS_DATASET_CREATE_ID_g")), "H5Pcreate(dataset create)");
        NoTimestamps(dcpl);
        return dcpl;
    }

    private static void Close(long dataset, long space, long dcpl)
    {
        if (dataset >= 0)
        {
            _ = H5Dclose(dataset);
        }

        _ = H5Sclose(space);
        if (dcpl != Default)
        {
            _ = H5Pclose(dcpl);
        }
    }

    private static void RequireAscii(string what, string value)
    {
        foreach (var c in value)
        {
            if (c > 127)
            {
                // pyifcb decodes class labels with .decode('ascii'); a non-ASCII label would break the dashboard.
                throw new ArgumentException($"'{what}': value '{value}' is not ASCII (HDF5 class files must be ASCII)");
            }
        }
    }

    private enum Kind
    {
        Numeric,
        Strings,
        Utf8Strings,
        Empty,
    }

    private sealed record Entry(string Name, Kind Kind, string? MemType, string? FileType, Array? Data, int[] Dims, IReadOnlyDictionary<string, string>? Attributes);
}
