#!/usr/bin/env python3
"""Writes random-init torchvision classifiers as WHOI-style ONNX models (input 'input' [N,3,S,S] in [0,1], output
'logits', dynamic batch) with a .classes sidecar: the models `ifcb classify` and the peer baseline both run.
Speed does not depend on the weights; nothing is downloaded.
usage: export_models.py OUTDIR [--classes 100]"""
import argparse, inspect, os
import torch, torchvision
ap = argparse.ArgumentParser(); ap.add_argument("outdir"); ap.add_argument("--classes", type=int, default=100)
a = ap.parse_args()
# torch >= 2.9 exports through dynamo by default; the TorchScript exporter gives the same graph on every version.
legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
os.makedirs(a.outdir, exist_ok=True)
torch.manual_seed(0)
for name, size, kw in [("inception_v3", 299, dict(aux_logits=True, init_weights=False)), ("resnet18", 224, {})]:
    model = getattr(torchvision.models, name)(num_classes=a.classes, **kw).eval()
    path = os.path.join(a.outdir, f"{name}.onnx")
    with torch.no_grad():
        torch.onnx.export(model, torch.rand(1, 3, size, size), path, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=13, **legacy)
    with open(os.path.join(a.outdir, f"{name}.classes"), "w") as f:
        f.write("".join(f"class{i}\n" for i in range(a.classes)))
    print(path)
