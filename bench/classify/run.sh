#!/usr/bin/env bash
# End-to-end ROIs/s of `ifcb classify` against the peer baseline (WHOI ifcb_classifier's RUN path re-created in
# ../shared/bench/whoi_run.py) on the same synthetic bins, same machine, same run; then the engine-only figure.
#   bench/classify/run.sh [WORKDIR] [BINS] [ROIS_PER_BIN]        (defaults: a temp dir, 6 bins x 200 ROIs)
# Needs /usr/bin/python3 with python3-torch, python3-torchvision, python3-h5py, python3-pil, python3-onnx (Debian).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d)}"; bins="${2:-6}"; rois="${3:-200}"
# The peer baseline lives beside the repository (../shared/bench/whoi_run.py); PEER overrides it (e.g. from a worktree).
peer="${PEER:-$repo/../shared/bench/whoi_run.py}"
threads="$(nproc)"
mkdir -p "$work"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%FT%TZ)"
"$repo/ifcb" synth --out "$work/bins" --bins "$bins" --rois "$rois" --bins-per-day "$bins" --seed 7 >/dev/null
bindir="$(dirname "$(find "$work/bins" -name '*.adc' | head -1)")"
[ -f "$work/models/resnet18.onnx" ] || /usr/bin/python3 "$repo/bench/classify/export_models.py" "$work/models" >/dev/null
for spec in inception_v3:299 resnet18:224; do
  model="${spec%%:*}"; size="${spec##*:}"
  rm -rf "$work/out-$model" "$work/peer-$model"
  echo "## $model@$size"
  /usr/bin/time -f "ours peak RSS %M KB" "$repo/ifcb" classify "$bindir" --model "$work/models/$model.onnx" \
    --out "$work/out-$model" --batch 32 2>&1 | grep -E 'ROIs in|peak RSS'
  /usr/bin/time -f "peer peak RSS %M KB" /usr/bin/python3 "$peer" "$bindir" "$work/peer-$model" \
    --model "$model" --size "$size" --loaders 2 --threads "$threads" 2>&1 | grep -E 'ROIs/s|peak RSS'
done
echo "## engine only (BenchmarkDotNet, batch 32, random input)"
IFCB_BENCH_MODELS="$work/models/inception_v3.onnx,$work/models/resnet18.onnx" \
  dotnet run -c Release --project "$repo/bench/Ifcb.Benchmarks" -- --filter '*ClassifyEngine*' --job short 2>&1 \
  | grep -E '^\|' || true
