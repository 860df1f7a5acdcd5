// MSBuild inline task (RoslynCodeTaskFactory, see Directory.Build.targets): marks one version-need entry of an
// ELF64 shared library WEAK, so that the dynamic loader accepts the library when the named version is absent.
// Why: TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) only for
// std::ios_base_library_init, which nothing relocates against; Debian 12's libstdc++ stops at 3.4.30.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The ELF files to patch in place (missing files are ignored).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version name whose need becomes weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    /// <summary>Candidate paths of the system library that may define the version.</summary>
    public ITaskItem[] SystemLibraries { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        if (Files.Length == 0)
        {
            return true;
        }

        var needle = Encoding.ASCII.GetBytes(VersionName + "\0");
        foreach (var lib in SystemLibraries)
        {
            var path = lib.ItemSpec;
            if (File.Exists(path) && IndexOf(File.ReadAllBytes(path), needle) >= 0)
            {
                Log.LogMessage(MessageImportance.Low, $"{path} defines {VersionName}: no ELF patch needed.");
                return true;
            }
        }

        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                var stamp = File.GetLastWriteTimeUtc(path);
                var bytes = File.ReadAllBytes(path);
                var result = Weaken(bytes, VersionName);
                if (result == PatchResult.Patched)
                {
                    // Write beside and rename, so an interrupted build never leaves a torn library behind.
                    var temp = path + ".weak.tmp";
                    File.WriteAllBytes(temp, bytes);
                    File.Replace(temp, path, null);
                    // Keep the original time stamp: incremental copies then see the file as unchanged.
                    File.SetLastWriteTimeUtc(path, stamp);
                    Log.LogMessage(MessageImportance.High, $"Marked {VersionName} weak in {path}");
                }
                else
                {
                    Log.LogMessage(MessageImportance.Low, $"{path}: {result}");
                }
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"{path}: cannot mark {VersionName} weak: {e.Message}");
            }
        }

        return !Log.HasLoggedErrors;
    }

    public enum PatchResult
    {
        Patched,
        AlreadyWeak,
        NotNeeded,
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="versionName"/>.</summary>
    public static PatchResult Weaken(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a little-endian ELF64 file");
        }

        var shoff = checked((long)U64(elf, 0x28));
        int shentsize = U16(elf, 0x3A);
        int shnum = U16(elf, 0x3C);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > elf.Length)
        {
            throw new InvalidDataException("section header table out of range");
        }

        var found = false;
        var patched = false;
        for (var i = 0; i < shnum; i++)
        {
            var sh = (int)(shoff + (long)i * shentsize);
            if (U32(elf, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = checked((long)U64(elf, sh + 0x18));
            var size = checked((long)U64(elf, sh + 0x20));
            var link = (int)U32(elf, sh + 0x28);
            var count = U32(elf, sh + 0x2C);
            if (offset + size > elf.Length || link >= shnum)
            {
                throw new InvalidDataException(".gnu.version_r out of range");
            }

            var strSh = (int)(shoff + (long)link * shentsize);
            var strOffset = checked((long)U64(elf, strSh + 0x18));
            var strSize = checked((long)U64(elf, strSh + 0x20));
            if (strOffset + strSize > elf.Length)
            {
                throw new InvalidDataException(".dynstr out of range");
            }

            var need = offset;
            for (uint n = 0; n < count; n++)
            {
                if (need + 16 > offset + size)
                {
                    throw new InvalidDataException("Verneed chain leaves .gnu.version_r");
                }

                int auxCount = U16(elf, (int)need + 2);
                var aux = need + U32(elf, (int)need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    if (aux + 16 > offset + size)
                    {
                        throw new InvalidDataException("Vernaux chain leaves .gnu.version_r");
                    }

                    var name = ReadString(elf, strOffset, strSize, U32(elf, (int)aux + 8));
                    if (name == versionName)
                    {
                        found = true;
                        var flags = U16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            flags |= VerFlgWeak;
                            elf[aux + 4] = (byte)flags;
                            elf[aux + 5] = (byte)(flags >> 8);
                            patched = true;
                        }
                    }

                    aux += U32(elf, (int)aux + 12);
                }

                need += U32(elf, (int)need + 12);
            }
        }

        return patched ? PatchResult.Patched : found ? PatchResult.AlreadyWeak : PatchResult.NotNeeded;
    }

    private static string ReadString(byte[] elf, long tableOffset, long tableSize, uint index)
    {
        if (index >= tableSize)
        {
            throw new InvalidDataException("string index outside .dynstr");
        }

        var start = (int)(tableOffset + index);
        var end = start;
        while (end < tableOffset + tableSize && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack[i] != needle[0])
            {
                continue;
            }

            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static ushort U16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);

    private static uint U32(byte[] b, int o) => BitConverter.ToUInt32(b, o);

    private static ulong U64(byte[] b, int o) => BitConverter.ToUInt64(b, o);
}
