"""Reference side of the state-dict tests: real torchvision models (Debian python3-torchvision).

make OUT ARCH:CLASSES:SIZE ...   writes OUT/ARCH.pth (random weights and BN statistics; for resnet18 also a nested
                                 DataParallel-style OUT/resnet18.checkpoint.pth), OUT/ARCH.input.bin
                                 (float32 [2, 3, SIZE, SIZE]) and OUT/ARCH.logits.bin (eval-mode logits).
aux OUT CLASSES SIZE             writes OUT/inception_aux.pth, OUT/inception_aux.input.bin and the training-mode
                                 auxiliary logits OUT/inception_aux.aux.bin of torchvision's inception_v3.
check DIR ARCH:CLASSES:SIZE ...  loads DIR/ARCH.py.pth (written by TorchSharp.PyBridge) with strict=True and writes
                                 the eval-mode logits for DIR/ARCH.input.bin to DIR/ARCH.pylogits.bin.
"""
import os
import sys

import numpy as np
import torch
import torchvision


def build(arch, classes):
    if arch == "inception_v3":
        return torchvision.models.inception_v3(num_classes=classes, aux_logits=True, init_weights=False,
                                               transform_input=False)
    return getattr(torchvision.models, arch)(num_classes=classes)


def randomise(model, seed):
    # Random affine and running statistics, so that a batch-norm mix-up shows in the logits.
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.rand(m.bias.shape, generator=g) - 0.5)
                m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=g) * 0.2 - 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
                m.num_batches_tracked.fill_(7)
            elif isinstance(m, torch.nn.Linear):
                # Unit-scale heads: small default heads would give logits too small to show a mismatch.
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) / m.in_features ** 0.5)
                m.bias.copy_(torch.rand(m.bias.shape, generator=g) - 0.5)


def aux(folder, classes, size):
    torch.manual_seed(1)
    model = build("inception_v3", classes)
    randomise(model, 2)
    torch.save(model.state_dict(), os.path.join(folder, "inception_aux.pth"))
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(3))
    x.numpy().astype("<f4").tofile(os.path.join(folder, "inception_aux.input.bin"))
    model.train()
    with torch.no_grad():
        out = model(x)
    out.aux_logits.numpy().astype("<f4").tofile(os.path.join(folder, "inception_aux.aux.bin"))


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    if mode == "aux":
        aux(folder, int(sys.argv[3]), int(sys.argv[4]))
        return
    for spec in sys.argv[3:]:
        arch, classes, size = spec.split(":")
        classes, size = int(classes), int(size)
        torch.manual_seed(1)
        model = build(arch, classes)
        if mode == "make":
            randomise(model, 2)
            model.eval()
            x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(3))
            torch.save(model.state_dict(), os.path.join(folder, arch + ".pth"))
            if arch == "resnet18":
                # A training checkpoint as scripts write them: nested, with nn.DataParallel's "module." prefix.
                nested = {"module." + k: v for k, v in model.state_dict().items()}
                torch.save({"epoch": 3, "state_dict": nested}, os.path.join(folder, arch + ".checkpoint.pth"))
            x.numpy().astype("<f4").tofile(os.path.join(folder, arch + ".input.bin"))
        else:
            model.load_state_dict(torch.load(os.path.join(folder, arch + ".py.pth")), strict=True)
            model.eval()
            x = torch.from_numpy(np.fromfile(os.path.join(folder, arch + ".input.bin"), dtype="<f4")
                                 .reshape(2, 3, size, size))
        with torch.no_grad():
            logits = model(x)
        name = ".logits.bin" if mode == "make" else ".pylogits.bin"
        logits.numpy().astype("<f4").tofile(os.path.join(folder, arch + name))


if __name__ == "__main__":
    main()
