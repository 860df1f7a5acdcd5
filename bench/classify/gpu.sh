#!/usr/bin/env bash
# The prepared GPU run of issue 20, for the 15 minutes a device machine is lent: one model per call, everything in it
# measured on the same bins in the same call, so each ratio has its baseline beside it.
#   bench/classify/gpu.sh [WORKDIR] [BINS] [ROIS_PER_BIN]     (defaults: a temp dir, 200 bins x 1,000 ROIs = 200,000)
#   MODEL=inception_v3:299 bench/classify/gpu.sh ...           (default resnet18:224)
#   SIDES="fp32 fp16 onnx-pre peer" ...                         (default: all four)
#   DEVICE=cpu bench/classify/gpu.sh W 2 20                     (a dry run of the script itself on a CPU machine)
# For MODEL on DEVICE (default cuda, batch GPU_BATCH, default 256), end to end from raw bins to v3 class files, each with
# `--profile` (read, preprocess, copy, compute, write) and peak RSS (GNU time):
#   fp32      the float model as today;
#   fp16      --precision fp16, its scores compared with fp32's (top-1 agreement >= 0.999 or the script fails; the
#             largest score difference printed);
#   onnx-pre  --preprocess onnx (resize + normalise as ONNX ops on the device), its scores compared with fp32's;
#   peer      WHOI's classify path with its model on the same GPU (bench/classify/peer_gpu.py around whoi_run.py).
# Targets (issue 20, one H200, >= 200,000 ROIs): inception_v3@299 >= 10,000 ROIs/s, resnet18@224 >= 20,000 ROIs/s,
# peak RSS of the inception_v3 run under 4 GB. The bins are written once per WORKDIR and reused by the next call.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d)}"; bins="${2:-200}"; rois="${3:-1000}"
spec="${MODEL:-resnet18:224}"; model="${spec%%:*}"; size="${spec##*:}"
device="${DEVICE:-cuda}"; batch="${GPU_BATCH:-256}"
sides=" ${SIDES:-fp32 fp16 onnx-pre peer} "
peer="${PEER:-$repo/../shared/bench/whoi_run.py}"
ifcb=(${IFCB:-$repo/ifcb}); py="${PY:-/usr/bin/python3}"
rss() { local label="$1"; shift; if [ -x /usr/bin/time ]; then /usr/bin/time -f "$label peak RSS %M KB" "$@"; else "$@"; fi; }
mkdir -p "$work"
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); flags: $(grep -m1 -o -w -E 'avx2|avx512f|amx_tile' /proc/cpuinfo | sort -u | xargs)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "# no nvidia-smi"
echo "# $(date -u +%FT%TZ) $model@$size on $device, $bins bins x $rois ROIs, batch $batch"
[ -d "$work/bins" ] || "${ifcb[@]}" synth --out "$work/bins" --bins "$bins" --rois "$rois" --bins-per-day "$bins" --seed 7 >/dev/null
bindir="$(dirname "$(find "$work/bins" -name '*.adc' | head -1)")"
[ -f "$work/models/$model.onnx" ] || "$py" "$repo/bench/classify/export_models.py" "$work/models" >/dev/null

ours() { # label, output folder, extra classify options...
  local label="$1" out="$2"; shift 2
  rm -rf "$out"
  rss "$label" "${ifcb[@]}" classify "$bindir" --model "$work/models/$model.onnx" --out "$out" --batch "$batch" \
    --device "$device" --profile "$@" 2>&1 | grep -E 'ROIs in|peak RSS|profile|read|preprocess|copy|compute|write|rror' || true
}
if [[ "$sides" == *" fp32 "* || "$sides" == *" fp16 "* || "$sides" == *" onnx-pre "* ]]; then
  echo "## ours fp32"; ours "ours fp32" "$work/out-$model-fp32"
fi
if [[ "$sides" == *" fp16 "* ]]; then
  echo "## ours fp16"; ours "ours fp16" "$work/out-$model-fp16" --precision fp16
  "$py" "$repo/bench/classify/compare_scores.py" "$work/out-$model-fp32" "$work/out-$model-fp16" --min-agreement 0.999
fi
if [[ "$sides" == *" onnx-pre "* ]]; then
  echo "## ours fp32, preprocessing as ONNX ops on $device"; ours "ours onnx-pre" "$work/out-$model-onnxpre" --preprocess onnx
  "$py" "$repo/bench/classify/compare_scores.py" "$work/out-$model-fp32" "$work/out-$model-onnxpre" --min-agreement 0.999
fi
if [[ "$sides" == *" peer "* ]]; then
  echo "## peer"
  rm -rf "$work/peer-$model"
  if [ "$device" = cuda ]; then
    rss "peer" "$py" "$repo/bench/classify/peer_gpu.py" "$peer" "$bindir" "$work/peer-$model" --model "$model" --size "$size" \
      --loaders "${PEER_LOADERS:-8}" --threads "$(nproc)" --batch "$batch" 2>&1 | grep -E 'peer|peak RSS'
  else
    rss "peer" "$py" "$peer" "$bindir" "$work/peer-$model" --model "$model" --size "$size" \
      --loaders "${PEER_LOADERS:-2}" --threads "$(nproc)" 2>&1 | grep -E 'ROIs/s|peak RSS'
  fi
fi
