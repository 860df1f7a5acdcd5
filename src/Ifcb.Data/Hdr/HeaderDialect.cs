namespace Ifcb.Data.Hdr;

/// <summary>The three .hdr dialects (docs/ifcb-format.md §2).</summary>
public enum HeaderDialect
{
    /// <summary>An empty file: no properties at all.</summary>
    Empty,

    /// <summary><c>softwareVersion: …</c> then <c>key: value</c> lines (IFCB7+ and McLane).</summary>
    KeyValue,

    /// <summary>Quoted lines: software, authors, institution, optional syringe status, column names, values (IFCB1–6).</summary>
    Legacy,

    /// <summary>The first line is exactly <c>Imaging FlowCytobot Acquisition Software version 2.0; May 2010</c>.</summary>
    Version2May2010,
}
