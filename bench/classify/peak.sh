#!/usr/bin/env bash
# Achieved GFLOP/s of `ifcb classify` against the machine's GEMM peak measured in the same run (issue 20):
#   bench/classify/peak.sh [WORKDIR] [BINS] [ROIS_PER_BIN]     (defaults: a temp dir, 3 bins x 200 ROIs)
# Makes synthetic bins, exports random-init resnet18@224 and inception_v3@299 (bench/classify/export_models.py),
# quantizes both (`ifcb quantize`, 256 calibration ROIs), then runs the `peak` bench: float32 and int8 GEMM peaks
# through ONNX Runtime, each model's multiply-adds counted from its graph, classify end to end (fp32 and int8) with
# ROIs/s, GFLOP/s, % of peak and the per-stage profile; with spinning on and off (SPIN=on|off|both, default both).
# inception_v3 runs on the first INCEPTION_BINS bins (default 1). About 6-7 minutes on a quiet 2-core AVX2 machine.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d)}"; bins="${2:-3}"; rois="${3:-200}"
ifcb=(${IFCB:-$repo/ifcb}); py="${PY:-/usr/bin/python3}"
mkdir -p "$work"
[ -d "$work/bins" ] || "${ifcb[@]}" synth --out "$work/bins" --bins "$bins" --rois "$rois" --bins-per-day "$bins" --seed 7 >/dev/null
bindir="$(dirname "$(find "$work/bins" -name '*.adc' | head -1)")"
[ -f "$work/models/resnet18.onnx" ] || "$py" "$repo/bench/classify/export_models.py" "$work/models" >/dev/null
for m in resnet18 inception_v3; do
  [ -f "$work/models/$m-int8.onnx" ] || "${ifcb[@]}" quantize "$bindir" --model "$work/models/$m.onnx" \
    --out "$work/models/$m-int8.onnx" --images 256 | grep -E 'check on' || true
done
dotnet build -c Release "$repo/bench/Ifcb.Benchmarks" >/dev/null
dotnet run -c Release --no-build --project "$repo/bench/Ifcb.Benchmarks" -- peak --bins "$bindir" --spin "${SPIN:-both}" \
  --model "resnet18=$work/models/resnet18.onnx,$work/models/resnet18-int8.onnx" \
  --model "inception_v3=$work/models/inception_v3.onnx,$work/models/inception_v3-int8.onnx@${INCEPTION_BINS:-1}"
