#!/usr/bin/env bash
# End-to-end ROIs/s of `ifcb classify` against the peer baseline (WHOI ifcb_classifier's RUN path re-created in
# ../shared/bench/whoi_run.py) on the same synthetic bins, same machine, same run: our float model, our int8 model
# (`ifcb quantize`, calibrated on 256 ROIs of the same bins, with its agreement check), the peer; then engine-only.
#   bench/classify/run.sh [WORKDIR] [BINS] [ROIS_PER_BIN]        (defaults: a temp dir, 6 bins x 200 ROIs)
#   MODELS="resnet18:224" bench/classify/run.sh ...               (default: "inception_v3:299 resnet18:224")
#   SIDES="int8 peer" ENGINE=0 bench/classify/run.sh ...          (default: "float int8 peer", engine-only on)
# On a GPU machine, SIDES may add "cuda" (our float model, --device cuda, batch GPU_BATCH, default 256) and "peer-cuda"
# (the peer with its model on the GPU, bench/classify/peer_gpu.py). When "float" and "cuda" both run, their scores are
# compared (top-1 agreement >= 0.99 or the script fails).
#   IFCB="dotnet /opt/ifcb/ifcb.dll" PY=python3 ...               (default: ./ifcb and /usr/bin/python3)
#   PEER_LOADERS=8 ...                                            (the peer's DataLoader workers per bin, default 2)
# Needs python with torch, torchvision, h5py, PIL and onnx (Debian: python3-torch, -torchvision, -h5py, -pil, -onnx).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d)}"; bins="${2:-6}"; rois="${3:-200}"
# The peer baseline lives beside the repository (../shared/bench/whoi_run.py); PEER overrides it (e.g. from a worktree).
peer="${PEER:-$repo/../shared/bench/whoi_run.py}"
threads="$(nproc)"
# Peak RSS through GNU time where it is installed.
rss() { local label="$1"; shift; if [ -x /usr/bin/time ]; then /usr/bin/time -f "$label peak RSS %M KB" "$@"; else "$@"; fi; }
ifcb=(${IFCB:-$repo/ifcb}); py="${PY:-/usr/bin/python3}"
mkdir -p "$work"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%FT%TZ)"
"${ifcb[@]}" synth --out "$work/bins" --bins "$bins" --rois "$rois" --bins-per-day "$bins" --seed 7 >/dev/null
bindir="$(dirname "$(find "$work/bins" -name '*.adc' | head -1)")"
[ -f "$work/models/resnet18.onnx" ] || "$py" "$repo/bench/classify/export_models.py" "$work/models" >/dev/null
engines=()
for spec in ${MODELS:-inception_v3:299 resnet18:224}; do
  model="${spec%%:*}"; size="${spec##*:}"
  rm -rf "$work/out-$model" "$work/out-$model-int8" "$work/peer-$model" "$work/out-$model-cuda" "$work/peer-$model-cuda"
  echo "## $model@$size"
  sides=" ${SIDES:-float int8 peer} "
  [[ "$sides" != *" int8 "* ]] || [ -f "$work/models/$model-int8.onnx" ] || "${ifcb[@]}" quantize "$bindir" --model "$work/models/$model.onnx" \
    --out "$work/models/$model-int8.onnx" --images 256 | grep -E 'check on'
  engines+=("$work/models/$model.onnx")
  [[ "$sides" != *" int8 "* ]] || engines+=("$work/models/$model-int8.onnx")
  if [[ "$sides" == *" float "* ]]; then
    rss "ours" "${ifcb[@]}" classify "$bindir" --model "$work/models/$model.onnx" \
      --out "$work/out-$model" --batch 32 2>&1 | grep -E 'ROIs in|peak RSS'
  fi
  if [[ "$sides" == *" int8 "* ]]; then
    rss "ours int8" "${ifcb[@]}" classify "$bindir" --model "$work/models/$model-int8.onnx" \
      --out "$work/out-$model-int8" --batch 32 2>&1 | grep -E 'ROIs in|peak RSS'
  fi
  if [[ "$sides" == *" peer "* ]]; then
    rss "peer" "$py" "$peer" "$bindir" "$work/peer-$model" \
      --model "$model" --size "$size" --loaders "${PEER_LOADERS:-2}" --threads "$threads" 2>&1 | grep -E 'ROIs/s|peak RSS'
  fi
  if [[ "$sides" == *" cuda "* ]]; then
    rss "ours cuda" "${ifcb[@]}" classify "$bindir" --model "$work/models/$model.onnx" \
      --out "$work/out-$model-cuda" --batch "${GPU_BATCH:-256}" --device cuda 2>&1 | grep -E 'ROIs in|peak RSS|rror'
    if [[ "$sides" == *" float "* ]]; then "$py" "$repo/bench/classify/compare_scores.py" "$work/out-$model" "$work/out-$model-cuda"; fi
  fi
  if [[ "$sides" == *" peer-cuda "* ]]; then
    rss "peer cuda" "$py" "$repo/bench/classify/peer_gpu.py" "$peer" "$bindir" \
      "$work/peer-$model-cuda" --model "$model" --size "$size" --loaders "${PEER_LOADERS:-2}" --threads "$threads" \
      --batch "${GPU_BATCH:-256}" 2>&1 | grep -E 'peer|peak RSS'
  fi
done
if [ "${ENGINE:-1}" = 0 ]; then exit 0; fi
echo "## engine only (BenchmarkDotNet, batch 32, random input)"
IFCB_BENCH_MODELS="$(IFS=,; echo "${engines[*]}")" \
  dotnet run -c Release --project "$repo/bench/Ifcb.Benchmarks" -- --filter '*ClassifyEngine*' --job short 2>&1 \
  | grep -E '^\|' || true
