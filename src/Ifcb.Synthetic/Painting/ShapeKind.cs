namespace Ifcb.Synthetic.Painting;

/// <summary>The primitive a <see cref="Shape"/> draws.</summary>
internal enum ShapeKind
{
    /// <summary>A rotated ellipse with an optional surface pattern.</summary>
    Ellipse,

    /// <summary>A line segment with round caps (spines, cilia, flagella, links).</summary>
    Capsule,

    /// <summary>A small plain disc (granules).</summary>
    Disc,

    /// <summary>A pointed lens (pennate diatom valve) with a raphe line.</summary>
    Lens,
}
