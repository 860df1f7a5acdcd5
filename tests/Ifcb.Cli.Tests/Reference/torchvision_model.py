"""A torchvision model exported by torch.onnx.export, as WHOI's own ONNX models arrive, and PyTorch's scores for it.

  torchvision_model.py export ONNX WEIGHTS SIZE CLASSES   resnet18 with seeded random weights (batch-norm statistics
                                                          included), eval mode, dynamic batch, saved both ways
  torchvision_model.py score WEIGHTS SIZE CLASSES INPUT OUTPUT
                                                          INPUT: float32 N x 3 x SIZE x SIZE (the preprocessed ROIs);
                                                          OUTPUT: float32 N x CLASSES softmax probabilities
"""
import sys

import numpy as np
import torch
import torchvision


def build(classes):
    torch.manual_seed(7)
    model = torchvision.models.resnet18(num_classes=classes)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    return model.eval()


if sys.argv[1] == 'export':
    onnx_path, weights, size, classes = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    model = build(classes)
    torch.save(model.state_dict(), weights)
    torch.onnx.export(model, torch.zeros(1, 3, size, size), onnx_path, input_names=['input'], output_names=['output'],
                      dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}}, opset_version=13)
else:
    weights, size, classes, src, dst = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
    model = build(classes)
    model.load_state_dict(torch.load(weights))
    x = torch.from_numpy(np.fromfile(src, dtype=np.float32).reshape(-1, 3, size, size))
    with torch.no_grad():
        torch.softmax(model(x), dim=1).numpy().astype(np.float32).tofile(dst)
