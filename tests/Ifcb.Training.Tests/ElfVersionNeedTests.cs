using System.Buffers.Binary;
using System.Text;

namespace Ifcb.Training.Tests;

/// <summary>
/// The build marks libLibTorchSharp.so's GLIBCXX_3.4.32 need WEAK where the system libstdc++ lacks that version.
/// Read back here with an independent ELF64 reader.
/// </summary>
public sealed class ElfVersionNeedTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void OutputCopyNeedsGlibcxx3432OnlyWeaklyWhereTheSystemLacksIt()
    {
        // Given the native library in the test output and the system's libstdc++
        var library = new[] { "", "runtimes/linux-x64/native" }
            .Select(d => Path.Combine(AppContext.BaseDirectory, d, "libLibTorchSharp.so"))
            .First(File.Exists);
        var systemHasVersion = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .Where(File.Exists)
            .Any(p => File.ReadAllBytes(p).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Version + "\0")) >= 0);

        // When its version needs are read
        var needs = ReadVersionNeeds(File.ReadAllBytes(library));

        // Then the GLIBCXX_3.4.32 need exists, and is weak unless the system provides the version
        var flags = Assert.Single(needs, n => n.Name == Version).Flags;
        Assert.True(systemHasVersion || (flags & 0x2) != 0, $"{Version} need is not weak in {library}");
        Assert.All(needs.Where(n => n.Name != Version), n => Assert.Equal(0, n.Flags & 0x2));
    }

    private static List<(string Name, int Flags)> ReadVersionNeeds(byte[] elf)
    {
        var span = elf.AsSpan();
        var shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var result = new List<(string, int)>();
        for (var i = 0; i < shnum; i++)
        {
            var sh = span[(shoff + (i * shentsize))..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != 0x6ffffffe)
            {
                continue;
            }

            var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            var strtab = span[(shoff + ((int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]) * shentsize))..];
            var strOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(strtab[0x18..]);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var need = offset;
            for (var n = 0; n < count; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(need + 2)..]);
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    int flags = BinaryPrimitives.ReadUInt16LittleEndian(span[(aux + 4)..]);
                    var nameAt = strOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    var name = Encoding.ASCII.GetString(span[nameAt..][..span[nameAt..].IndexOf((byte)0)]);
                    result.Add((name, flags));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 12)..]);
            }
        }

        return result;
    }
}
