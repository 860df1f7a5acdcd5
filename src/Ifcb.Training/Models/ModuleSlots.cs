using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Swaps a registered submodule (TorchSharp refuses to register a name twice).</summary>
internal static class ModuleSlots
{
    /// <summary>Unregisters and disposes <paramref name="old"/>, registers <paramref name="replacement"/> under the same name.</summary>
    public static T Replace<T>(nn.Module owner, string name, T old, T replacement)
        where T : nn.Module
    {
        // Registering null removes the entry; the name is then free for the replacement.
        owner.register_module(name, null!);
        owner.register_module(name, replacement);
        old.Dispose();
        return replacement;
    }
}
