#!/usr/bin/env python3
"""The peer baseline (../shared/bench/whoi_run.py, WHOI ifcb_classifier's RUN path) on a CUDA GPU, as WHOI runs it:
the model on the GPU, each batch moved there, scores back on the host. The peer script is run unchanged; only the
torchvision constructor it calls is wrapped.
usage: peer_gpu.py PEER_SCRIPT BINDIR OUTDIR [whoi_run.py options...]"""
import runpy, sys
import torch, torchvision

peer = sys.argv[1]
sys.argv = [peer] + sys.argv[2:]
name = sys.argv[sys.argv.index("--model") + 1] if "--model" in sys.argv else "inception_v3"
build = getattr(torchvision.models, name)


class OnGpu(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model.cuda()

    def forward(self, x):
        return self.model(x.cuda(non_blocking=True)).float().cpu()


setattr(torchvision.models, name, lambda **kw: OnGpu(build(**kw)))
print(f"peer on {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
runpy.run_path(peer, run_name="__main__")
