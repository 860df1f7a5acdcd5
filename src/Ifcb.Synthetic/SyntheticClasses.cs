namespace Ifcb.Synthetic;

/// <summary>The synthetic plankton classes, in ordinal order (the index is the class id).</summary>
public static class SyntheticClasses
{
    /// <summary>Class names; each is drawn by a distinct morphology in <see cref="PlanktonPainter"/>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "round_cell",      // single round-to-oval cells with granular content
        "chain_2_10",      // chains of 2-10 touching cells
        "pennate_needle",  // needle-like pennate diatoms with a raphe line
        "spiny_cell",      // a cell with long thin spines/setae
        "ciliate",         // an egg-shaped cell with a fringe of cilia at one end
        "dinoflagellate",  // a cell with a girdle groove across it and an apical horn
        "colony",          // a cluster of many small cells in a faint matrix
        "detritus",        // irregular amorphous blobs with patchy texture
        "bubble",          // a round dark ring with a bright centre
        "blank",           // an empty frame: noise, gradient, at most a faint smudge
        "centric_diatom",  // a disc with radial striae and a strong rim
        "armoured",        // a cell covered with polygonal plates
        "flagellate",      // a small cell with one long thin wavy flagellum
    ];

    /// <summary>The number of classes.</summary>
    public static int Count => All.Count;

    /// <summary>The ordinal of <paramref name="name"/>, or -1 when it is not a synthetic class.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
