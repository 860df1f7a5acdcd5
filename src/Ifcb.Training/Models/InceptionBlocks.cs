using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Base of torchvision's Inception blocks: registered branches, computed through <see cref="ITensorOps{T}"/>.</summary>
internal abstract class InceptionBlock : nn.Module<Tensor, Tensor>, IOpsModule
{
    protected InceptionBlock(string name)
        : base(name)
    {
    }

    public abstract T Apply<T>(ITensorOps<T> ops, T x);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's InceptionA (Mixed_5b..5d).</summary>
internal sealed class InceptionA : InceptionBlock
{
    [ComponentName(Name = "branch1x1")]
    private readonly BasicConv2d _branch1x1;
    [ComponentName(Name = "branch5x5_1")]
    private readonly BasicConv2d _branch5x5_1;
    [ComponentName(Name = "branch5x5_2")]
    private readonly BasicConv2d _branch5x5_2;
    [ComponentName(Name = "branch3x3dbl_1")]
    private readonly BasicConv2d _branch3x3dbl_1;
    [ComponentName(Name = "branch3x3dbl_2")]
    private readonly BasicConv2d _branch3x3dbl_2;
    [ComponentName(Name = "branch3x3dbl_3")]
    private readonly BasicConv2d _branch3x3dbl_3;
    [ComponentName(Name = "branch_pool")]
    private readonly BasicConv2d _branchPool;

    public InceptionA(long inChannels, long poolFeatures)
        : base(nameof(InceptionA))
    {
        _branch1x1 = new(inChannels, 64, 1);
        _branch5x5_1 = new(inChannels, 48, 1);
        _branch5x5_2 = new(48, 64, 5, padding: 2);
        _branch3x3dbl_1 = new(inChannels, 64, 1);
        _branch3x3dbl_2 = new(64, 96, 3, padding: 1);
        _branch3x3dbl_3 = new(96, 96, 3, padding: 1);
        _branchPool = new(inChannels, poolFeatures, 1);
        RegisterComponents();
    }

    public override T Apply<T>(ITensorOps<T> ops, T x) => ops.Concat(
        _branch1x1.Apply(ops, x),
        _branch5x5_2.Apply(ops, _branch5x5_1.Apply(ops, x)),
        _branch3x3dbl_3.Apply(ops, _branch3x3dbl_2.Apply(ops, _branch3x3dbl_1.Apply(ops, x))),
        _branchPool.Apply(ops, ops.AvgPool(x, 3, 1, 1)));
}

/// <summary>torchvision's InceptionB (Mixed_6a, grid reduction).</summary>
internal sealed class InceptionB : InceptionBlock
{
    [ComponentName(Name = "branch3x3")]
    private readonly BasicConv2d _branch3x3;
    [ComponentName(Name = "branch3x3dbl_1")]
    private readonly BasicConv2d _branch3x3dbl_1;
    [ComponentName(Name = "branch3x3dbl_2")]
    private readonly BasicConv2d _branch3x3dbl_2;
    [ComponentName(Name = "branch3x3dbl_3")]
    private readonly BasicConv2d _branch3x3dbl_3;

    public InceptionB(long inChannels)
        : base(nameof(InceptionB))
    {
        _branch3x3 = new(inChannels, 384, 3, stride: 2);
        _branch3x3dbl_1 = new(inChannels, 64, 1);
        _branch3x3dbl_2 = new(64, 96, 3, padding: 1);
        _branch3x3dbl_3 = new(96, 96, 3, stride: 2);
        RegisterComponents();
    }

    public override T Apply<T>(ITensorOps<T> ops, T x) => ops.Concat(
        _branch3x3.Apply(ops, x),
        _branch3x3dbl_3.Apply(ops, _branch3x3dbl_2.Apply(ops, _branch3x3dbl_1.Apply(ops, x))),
        ops.MaxPool(x, 3, 2, 0));
}

/// <summary>torchvision's InceptionC (Mixed_6b..6e, factorised 7x7).</summary>
internal sealed class InceptionC : InceptionBlock
{
    [ComponentName(Name = "branch1x1")]
    private readonly BasicConv2d _branch1x1;
    [ComponentName(Name = "branch7x7_1")]
    private readonly BasicConv2d _branch7x7_1;
    [ComponentName(Name = "branch7x7_2")]
    private readonly BasicConv2d _branch7x7_2;
    [ComponentName(Name = "branch7x7_3")]
    private readonly BasicConv2d _branch7x7_3;
    [ComponentName(Name = "branch7x7dbl_1")]
    private readonly BasicConv2d _branch7x7dbl_1;
    [ComponentName(Name = "branch7x7dbl_2")]
    private readonly BasicConv2d _branch7x7dbl_2;
    [ComponentName(Name = "branch7x7dbl_3")]
    private readonly BasicConv2d _branch7x7dbl_3;
    [ComponentName(Name = "branch7x7dbl_4")]
    private readonly BasicConv2d _branch7x7dbl_4;
    [ComponentName(Name = "branch7x7dbl_5")]
    private readonly BasicConv2d _branch7x7dbl_5;
    [ComponentName(Name = "branch_pool")]
    private readonly BasicConv2d _branchPool;

    public InceptionC(long inChannels, long channels7x7)
        : base(nameof(InceptionC))
    {
        var c7 = channels7x7;
        _branch1x1 = new(inChannels, 192, 1);
        _branch7x7_1 = new(inChannels, c7, 1);
        _branch7x7_2 = BasicConv2d.Rect(c7, c7, (1, 7), (0, 3));
        _branch7x7_3 = BasicConv2d.Rect(c7, 192, (7, 1), (3, 0));
        _branch7x7dbl_1 = new(inChannels, c7, 1);
        _branch7x7dbl_2 = BasicConv2d.Rect(c7, c7, (7, 1), (3, 0));
        _branch7x7dbl_3 = BasicConv2d.Rect(c7, c7, (1, 7), (0, 3));
        _branch7x7dbl_4 = BasicConv2d.Rect(c7, c7, (7, 1), (3, 0));
        _branch7x7dbl_5 = BasicConv2d.Rect(c7, 192, (1, 7), (0, 3));
        _branchPool = new(inChannels, 192, 1);
        RegisterComponents();
    }

    public override T Apply<T>(ITensorOps<T> ops, T x)
    {
        var b7 = _branch7x7_3.Apply(ops, _branch7x7_2.Apply(ops, _branch7x7_1.Apply(ops, x)));
        var d = _branch7x7dbl_2.Apply(ops, _branch7x7dbl_1.Apply(ops, x));
        d = _branch7x7dbl_5.Apply(ops, _branch7x7dbl_4.Apply(ops, _branch7x7dbl_3.Apply(ops, d)));
        return ops.Concat(_branch1x1.Apply(ops, x), b7, d, _branchPool.Apply(ops, ops.AvgPool(x, 3, 1, 1)));
    }
}

/// <summary>torchvision's InceptionD (Mixed_7a, grid reduction).</summary>
internal sealed class InceptionD : InceptionBlock
{
    [ComponentName(Name = "branch3x3_1")]
    private readonly BasicConv2d _branch3x3_1;
    [ComponentName(Name = "branch3x3_2")]
    private readonly BasicConv2d _branch3x3_2;
    [ComponentName(Name = "branch7x7x3_1")]
    private readonly BasicConv2d _branch7x7x3_1;
    [ComponentName(Name = "branch7x7x3_2")]
    private readonly BasicConv2d _branch7x7x3_2;
    [ComponentName(Name = "branch7x7x3_3")]
    private readonly BasicConv2d _branch7x7x3_3;
    [ComponentName(Name = "branch7x7x3_4")]
    private readonly BasicConv2d _branch7x7x3_4;

    public InceptionD(long inChannels)
        : base(nameof(InceptionD))
    {
        _branch3x3_1 = new(inChannels, 192, 1);
        _branch3x3_2 = new(192, 320, 3, stride: 2);
        _branch7x7x3_1 = new(inChannels, 192, 1);
        _branch7x7x3_2 = BasicConv2d.Rect(192, 192, (1, 7), (0, 3));
        _branch7x7x3_3 = BasicConv2d.Rect(192, 192, (7, 1), (3, 0));
        _branch7x7x3_4 = new(192, 192, 3, stride: 2);
        RegisterComponents();
    }

    public override T Apply<T>(ITensorOps<T> ops, T x)
    {
        var b3 = _branch3x3_2.Apply(ops, _branch3x3_1.Apply(ops, x));
        var b7 = _branch7x7x3_2.Apply(ops, _branch7x7x3_1.Apply(ops, x));
        b7 = _branch7x7x3_4.Apply(ops, _branch7x7x3_3.Apply(ops, b7));
        return ops.Concat(b3, b7, ops.MaxPool(x, 3, 2, 0));
    }
}

/// <summary>torchvision's InceptionE (Mixed_7b, 7c, expanded filter bank).</summary>
internal sealed class InceptionE : InceptionBlock
{
    [ComponentName(Name = "branch1x1")]
    private readonly BasicConv2d _branch1x1;
    [ComponentName(Name = "branch3x3_1")]
    private readonly BasicConv2d _branch3x3_1;
    [ComponentName(Name = "branch3x3_2a")]
    private readonly BasicConv2d _branch3x3_2a;
    [ComponentName(Name = "branch3x3_2b")]
    private readonly BasicConv2d _branch3x3_2b;
    [ComponentName(Name = "branch3x3dbl_1")]
    private readonly BasicConv2d _branch3x3dbl_1;
    [ComponentName(Name = "branch3x3dbl_2")]
    private readonly BasicConv2d _branch3x3dbl_2;
    [ComponentName(Name = "branch3x3dbl_3a")]
    private readonly BasicConv2d _branch3x3dbl_3a;
    [ComponentName(Name = "branch3x3dbl_3b")]
    private readonly BasicConv2d _branch3x3dbl_3b;
    [ComponentName(Name = "branch_pool")]
    private readonly BasicConv2d _branchPool;

    public InceptionE(long inChannels)
        : base(nameof(InceptionE))
    {
        _branch1x1 = new(inChannels, 320, 1);
        _branch3x3_1 = new(inChannels, 384, 1);
        _branch3x3_2a = BasicConv2d.Rect(384, 384, (1, 3), (0, 1));
        _branch3x3_2b = BasicConv2d.Rect(384, 384, (3, 1), (1, 0));
        _branch3x3dbl_1 = new(inChannels, 448, 1);
        _branch3x3dbl_2 = new(448, 384, 3, padding: 1);
        _branch3x3dbl_3a = BasicConv2d.Rect(384, 384, (1, 3), (0, 1));
        _branch3x3dbl_3b = BasicConv2d.Rect(384, 384, (3, 1), (1, 0));
        _branchPool = new(inChannels, 192, 1);
        RegisterComponents();
    }

    public override T Apply<T>(ITensorOps<T> ops, T x)
    {
        var b3 = _branch3x3_1.Apply(ops, x);
        b3 = ops.Concat(_branch3x3_2a.Apply(ops, b3), _branch3x3_2b.Apply(ops, b3));
        var d = _branch3x3dbl_2.Apply(ops, _branch3x3dbl_1.Apply(ops, x));
        d = ops.Concat(_branch3x3dbl_3a.Apply(ops, d), _branch3x3dbl_3b.Apply(ops, d));
        return ops.Concat(_branch1x1.Apply(ops, x), b3, d, _branchPool.Apply(ops, ops.AvgPool(x, 3, 1, 1)));
    }
}
