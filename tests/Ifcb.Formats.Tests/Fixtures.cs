namespace Ifcb.Formats.Tests;

/// <summary>Paths of the real-instrument fixtures copied next to the test binaries.</summary>
internal static class Fixtures
{
    public static string Path(params string[] parts)
        => System.IO.Path.Combine([AppContext.BaseDirectory, "data", "ifcb", .. parts]);

    public static string AlgawareClassH5 => Path("ifcb-algaware", "D20250714T110535_IFCB134_class.h5");

    public static string IRfcbClassV1 => Path("iRfcb", "class", "class2022_v1", "D20220522T003051_IFCB134_class_v1.mat");

    public static string ClassiPyRClassV1 => Path("ClassiPyR", "D20230314T001205_IFCB134_class_v1.mat");

    public static string AnnotationDirectory => Path("ifcb-analysis", "annotation");
}
