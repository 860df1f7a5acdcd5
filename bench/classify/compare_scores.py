#!/usr/bin/env python3
"""Compares two classify outputs bin by bin ({LID}_class.h5 anywhere under each folder): ROI numbers must match;
prints top-1 agreement and the largest score difference. Exit 1 when any bin is missing or ROIs differ.
usage: compare_scores.py DIR_A DIR_B [--min-agreement 0.99]"""
import argparse, glob, os, sys
import h5py, numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("a"); ap.add_argument("b"); ap.add_argument("--min-agreement", type=float, default=0.99)
args = ap.parse_args()


def index(root):
    return {os.path.basename(p): p for p in glob.glob(os.path.join(root, "**", "*_class.h5"), recursive=True)}


a, b = index(args.a), index(args.b)
if not a or set(a) != set(b):
    sys.exit(f"bins differ: {len(a)} vs {len(b)} files, {len(set(a) ^ set(b))} unmatched")
same = total = 0
worst = 0.0
for name in sorted(a):
    with h5py.File(a[name]) as fa, h5py.File(b[name]) as fb:
        if not np.array_equal(fa["roi_numbers"][:], fb["roi_numbers"][:]):
            sys.exit(f"{name}: ROI numbers differ")
        sa, sb = fa["output_scores"][:].astype(np.float32), fb["output_scores"][:].astype(np.float32)
        same += int((sa.argmax(1) == sb.argmax(1)).sum()); total += len(sa)
        worst = max(worst, float(np.abs(sa - sb).max()))
agreement = same / total
print(f"compare: {len(a)} bins, {total} ROIs, top-1 agreement {agreement:.4f}, max |score difference| {worst:.2e}")
sys.exit(0 if agreement >= args.min_agreement else 1)
