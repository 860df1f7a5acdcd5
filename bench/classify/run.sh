#!/usr/bin/env bash
# End-to-end ROIs/s of `ifcb classify` against the peer baseline (WHOI ifcb_classifier's RUN path re-created in
# ../shared/bench/whoi_run.py) on the same synthetic bins, same machine, same run: our float model, our int8 model
# (`ifcb quantize`, calibrated on 256 ROIs of the same bins, with its agreement check), the peer; then engine-only.
#   bench/classify/run.sh [WORKDIR] [BINS] [ROIS_PER_BIN]        (defaults: a temp dir, 6 bins x 200 ROIs)
#   MODELS="resnet18:224" bench/classify/run.sh ...               (default: "inception_v3:299 resnet18:224")
#   SIDES="int8 peer" ENGINE=0 bench/classify/run.sh ...          (default: "float int8 peer", engine-only on)
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
engines=()
for spec in ${MODELS:-inception_v3:299 resnet18:224}; do
  model="${spec%%:*}"; size="${spec##*:}"
  rm -rf "$work/out-$model" "$work/out-$model-int8" "$work/peer-$model"
  echo "## $model@$size"
  [ -f "$work/models/$model-int8.onnx" ] || "$repo/ifcb" quantize "$bindir" --model "$work/models/$model.onnx" \
    --out "$work/models/$model-int8.onnx" --images 256 | grep -E 'check on'
  engines+=("$work/models/$model.onnx" "$work/models/$model-int8.onnx")
  sides=" ${SIDES:-float int8 peer} "
  if [[ "$sides" == *" float "* ]]; then
    /usr/bin/time -f "ours peak RSS %M KB" "$repo/ifcb" classify "$bindir" --model "$work/models/$model.onnx" \
      --out "$work/out-$model" --batch 32 2>&1 | grep -E 'ROIs in|peak RSS'
  fi
  if [[ "$sides" == *" int8 "* ]]; then
    /usr/bin/time -f "ours int8 peak RSS %M KB" "$repo/ifcb" classify "$bindir" --model "$work/models/$model-int8.onnx" \
      --out "$work/out-$model-int8" --batch 32 2>&1 | grep -E 'ROIs in|peak RSS'
  fi
  if [[ "$sides" == *" peer "* ]]; then
    /usr/bin/time -f "peer peak RSS %M KB" /usr/bin/python3 "$peer" "$bindir" "$work/peer-$model" \
      --model "$model" --size "$size" --loaders 2 --threads "$threads" 2>&1 | grep -E 'ROIs/s|peak RSS'
  fi
done
if [ "${ENGINE:-1}" = 0 ]; then exit 0; fi
echo "## engine only (BenchmarkDotNet, batch 32, random input)"
IFCB_BENCH_MODELS="$(IFS=,; echo "${engines[*]}")" \
  dotnet run -c Release --project "$repo/bench/Ifcb.Benchmarks" -- --filter '*ClassifyEngine*' --job short 2>&1 \
  | grep -E '^\|' || true
