namespace Ifcb.Synthetic.Painting;

/// <summary>A surface pattern drawn inside an ellipse.</summary>
internal enum ShapePattern
{
    /// <summary>Uniform interior.</summary>
    None,

    /// <summary>A lighter band across the short axis with dark edges (dinoflagellate girdle).</summary>
    Groove,

    /// <summary>Radial striae (centric diatom valve).</summary>
    Striae,

    /// <summary>Polygonal plate sutures (armoured cells).</summary>
    Plates,

    /// <summary>A bright hole inside a dark ring (bubble).</summary>
    Ring,
}
