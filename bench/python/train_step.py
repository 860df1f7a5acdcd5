#!/usr/bin/python3
"""Training throughput of PyTorch (Debian python3-torch 1.13) for comparison with `ifcb`'s TorchSharp trainer.

Does the same work per step as the C# benchmark: decode gray PNGs from class folders, stretch them to SIZE x SIZE
with PIL bilinear (torchvision Resize), copy gray to 3 channels, batch, forward + cross-entropy + backward + Adam
step on a randomly initialised torchvision model (nothing is downloaded). Prints one line:
    python <model>@<size> batch <b> threads <t> channels_last <bool>: <images/s> images/s

Usage: /usr/bin/python3 bench/python/train_step.py DATA_DIR --model resnet18 --size 224 --batch 32 --steps 6
"""
import argparse
import os
import time

import torch
import torchvision
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms


class ClassFolders(Dataset):
    def __init__(self, root, size):
        self.classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        self.items = [(os.path.join(root, c, f), i) for i, c in enumerate(self.classes)
                      for f in sorted(os.listdir(os.path.join(root, c))) if f.lower().endswith('.png')]
        self.transform = transforms.Compose([
            transforms.Resize((size, size), interpolation=transforms.InterpolationMode.BILINEAR),
            transforms.Grayscale(num_output_channels=3),
            transforms.RandomHorizontalFlip(),
            transforms.RandomVerticalFlip(),
            transforms.ToTensor(),
        ])

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        with Image.open(path) as im:
            return self.transform(im.convert('L')), label


def make_images(root, classes, per_class, seed=1):
    # IFCB-like gray ROIs as in bench/Ifcb.Benchmarks/TrainThroughputBenchmarks.cs: 60-160 x 40-120 px, a dark blob.
    import random
    rnd = random.Random(seed)
    for c in range(classes):
        d = os.path.join(root, f'class{c}')
        os.makedirs(d, exist_ok=True)
        for i in range(per_class):
            w, h = rnd.randrange(60, 160), rnd.randrange(40, 120)
            px = bytearray(w * h)
            for p in range(w * h):
                x, y = p % w - w // 2, p // w - h // 2
                px[p] = 70 + rnd.randrange(30) if x * x + y * y * (c + 1) < w * h // 8 else 200 + rnd.randrange(20)
            Image.frombytes('L', (w, h), bytes(px)).save(os.path.join(d, f'D20240101T000000_IFCB1_{c * per_class + i:05d}.png'))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('data')
    p.add_argument('--model', default='resnet18')
    p.add_argument('--size', type=int, default=224)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--steps', type=int, default=6)
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--channels-last', action='store_true')
    p.add_argument('--bf16', action='store_true', help='weights and batches in bfloat16, as `ifcb train --bf16`')
    p.add_argument('--make', type=int, default=0, help='first write this many synthetic PNGs per class (4 classes) into DATA')
    a = p.parse_args()
    if a.make:
        make_images(a.data, 4, a.make)
        if a.steps == 0:
            return
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    data = ClassFolders(a.data, a.size)
    model = getattr(torchvision.models, a.model)(num_classes=len(data.classes))
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    if a.bf16:
        model = model.to(torch.bfloat16)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    loader = DataLoader(data, batch_size=a.batch, shuffle=True, num_workers=a.workers, drop_last=True,
                        persistent_workers=a.workers > 0)
    done, images, start = 0, 0, None
    while done < a.warmup + a.steps:
        for x, y in loader:
            if done == a.warmup:
                start = time.perf_counter()
            if a.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            if a.bf16:
                x = x.to(torch.bfloat16)
            opt.zero_grad()
            out = model(x)
            loss = loss_fn(out, y)
            loss.backward()
            opt.step()
            if done >= a.warmup:
                images += x.shape[0]
            done += 1
            if done >= a.warmup + a.steps:
                break
    seconds = time.perf_counter() - start
    print(f"python {a.model}@{a.size} batch {a.batch} threads {a.threads} channels_last {a.channels_last} bf16 {a.bf16}: "
          f"{images / seconds:.2f} images/s")


if __name__ == '__main__':
    main()
