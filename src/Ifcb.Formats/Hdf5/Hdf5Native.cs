using System.Reflection;
using System.Runtime.InteropServices;

namespace Ifcb.Formats.Hdf5;

/// <summary>
/// P/Invoke into the reference HDF5 C library (1.10 ABI: <c>hid_t</c> is 64-bit). PureHDF 2.2.0 cannot write a
/// dataset with a NULL dataspace (it silently writes a scalar) nor ASCII-tagged strings, both of which the IFCB v3
/// class-file contract asks for, so writing goes through the C library that h5py itself uses.
/// </summary>
internal static partial class Hdf5Native
{
    public const string Library = "hdf5";

    /// <summary>Debian's serial libhdf5 is not thread-safe: every use of it holds this lock.</summary>
    public static readonly Lock Sync = new();

    // Debian ships the serial build under its own soname; other distributions (and conda) use libhdf5.
    private static readonly string[] Candidates =
        ["libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5_serial.so", "libhdf5.so", "libhdf5.dylib", "hdf5.dll"];

    private static readonly Lazy<IntPtr> Handle = new(Load);

    public const uint AccTrunc = 0x0002;
    public const long Default = 0;
    public const long All = 0;
    public const int SpaceScalar = 0;
    public const int SpaceNull = 2;
    public const int CsetAscii = 0;
    public const int CsetUtf8 = 1;
    public const int StrNullTerm = 0;
    public static readonly nuint Variable = nuint.MaxValue;

    static Hdf5Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Hdf5Native).Assembly, Resolve);
    }

    /// <summary>Loads the library and initialises it; throws a message naming the Debian package when absent.</summary>
    public static void EnsureLoaded()
    {
        _ = Handle.Value;
        Check(H5open(), "H5open");
        // The library prints its error stack to stderr by default; errors become exceptions here instead.
        _ = H5Eset_auto2(Default, IntPtr.Zero, IntPtr.Zero);
    }

    /// <summary>Reads one of the library's global type or property-class ids (e.g. <c>H5T_NATIVE_FLOAT_g</c>).</summary>
    public static long Global(string name)
    {
        EnsureLoaded();
        return Marshal.ReadInt64(NativeLibrary.GetExport(Handle.Value, name));
    }

    public static long Check(long id, string what)
        => id < 0 ? throw new IOException($"HDF5: {what} failed") : id;

    public static void Check(int status, string what)
    {
        if (status < 0)
        {
            throw new IOException($"HDF5: {what} failed");
        }
    }

    private static IntPtr Load()
    {
        foreach (var name in Candidates)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            "The HDF5 C library was not found (looked for " + string.Join(", ", Candidates) + "). "
            + "On Debian/Ubuntu install it with: apt-get install libhdf5-103-1");
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        => name == Library ? Handle.Value : IntPtr.Zero;

    [LibraryImport(Library)]
    public static partial int H5open();

    [LibraryImport(Library)]
    public static partial int H5Eset_auto2(long estack, IntPtr func, IntPtr clientData);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Fcreate(string name, uint flags, long fcpl, long fapl);

    [LibraryImport(Library)]
    public static partial int H5Fflush(long file, int scope);

    [LibraryImport(Library)]
    public static partial nint H5Fget_file_image(long file, IntPtr buffer, nuint length);

    [LibraryImport(Library)]
    public static partial int H5Fclose(long file);

    [LibraryImport(Library)]
    public static partial long H5Pcreate(long cls);

    [LibraryImport(Library)]
    public static partial int H5Pset_fapl_core(long fapl, nuint increment, byte backingStore);

    [LibraryImport(Library)]
    public static partial int H5Pset_chunk(long plist, int rank, [In] ulong[] dims);

    [LibraryImport(Library)]
    public static partial int H5Pset_deflate(long plist, uint level);

    [LibraryImport(Library)]
    public static partial int H5Pset_obj_track_times(long plist, byte trackTimes);

    [LibraryImport(Library)]
    public static partial int H5Pclose(long plist);

    [LibraryImport(Library)]
    public static partial long H5Screate(int type);

    [LibraryImport(Library)]
    public static partial long H5Screate_simple(int rank, [In] ulong[] dims, IntPtr maxDims);

    [LibraryImport(Library)]
    public static partial int H5Sclose(long space);

    [LibraryImport(Library)]
    public static partial long H5Tcopy(long type);

    [LibraryImport(Library)]
    public static partial int H5Tset_size(long type, nuint size);

    [LibraryImport(Library)]
    public static partial int H5Tset_cset(long type, int cset);

    [LibraryImport(Library)]
    public static partial int H5Tset_strpad(long type, int pad);

    [LibraryImport(Library)]
    public static partial int H5Tclose(long type);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Dcreate2(long loc, string name, long type, long space, long lcpl, long dcpl, long dapl);

    [LibraryImport(Library)]
    public static partial int H5Dwrite(long dataset, long memType, long memSpace, long fileSpace, long xfer, IntPtr buffer);

    [LibraryImport(Library)]
    public static partial int H5Dclose(long dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Acreate2(long loc, string name, long type, long space, long acpl, long aapl);

    [LibraryImport(Library)]
    public static partial int H5Awrite(long attribute, long memType, IntPtr buffer);

    [LibraryImport(Library)]
    public static partial int H5Aclose(long attribute);
}
