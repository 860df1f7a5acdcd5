#!/usr/bin/python3
"""One training step of a torchvision model without a data pipeline, timed per phase, for comparison with
`dotnet run -c Release --project bench/Ifcb.Benchmarks -- train-step-probe` (same batch shape, same step).

Usage: /usr/bin/python3 bench/python/step_probe.py resnet18 nchw|channels-last [STEPS]
Add DNNL_VERBOSE=1 to see the oneDNN convolution kernels and their times.
"""
import os
import sys
import time

import torch
import torchvision


def main():
    arch, layout = sys.argv[1], sys.argv[2]
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    torch.set_num_threads(os.cpu_count())
    torch.manual_seed(0)
    model = getattr(torchvision.models, arch)(num_classes=4)
    model.train()
    if layout == 'channels-last':
        model = model.to(memory_format=torch.channels_last)  # as PyTorch users do it: weights and input
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    images, labels = torch.rand(32, 3, 224, 224), torch.randint(0, 4, (32,))
    seconds = 0.0
    for i in range(steps + 1):
        start = time.perf_counter()
        x = images.contiguous(memory_format=torch.channels_last) if layout == 'channels-last' else images
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), labels)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if i:
            seconds += t3 - start
            print(f'  step {i}: forward {(t1 - start) * 1000:.0f} ms, backward {(t2 - t1) * 1000:.0f} ms, '
                  f'optimiser {(t3 - t2) * 1000:.0f} ms')
    print(f'python {arch} {layout}: {32 * steps / seconds:.2f} images/s (step only, no loader)')


if __name__ == '__main__':
    main()
