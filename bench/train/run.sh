#!/usr/bin/env bash
# Training images/s of `ifcb` (TorchSharp, its real loader) against Python torch 1.13 (Debian python3-torch) doing
# the same step (decode gray PNGs, flips, stretch to 224, gray -> 3 channels, forward + cross-entropy + backward +
# Adam) on the same synthetic PNGs, back to back in one run: resnet18@224 and mobilenet_v3_small@224, batch 32.
# Python runs twice per model: as WHOI trains (default memory format) and channels-last (the trick we use).
#   bench/train/run.sh [STEPS]        (default 4 measured steps after 1 warm-up step, per model and side)
#   BF16=1 bench/train/run.sh ...     (also bfloat16 weights and batches on both sides: for AVX512-BF16/AMX CPUs)
#   PY=python3 BENCH="dotnet Ifcb.Benchmarks.dll" ...   (another python; a published benchmark instead of dotnet run)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps="${1:-4}"
py="${PY:-/usr/bin/python3}"
bench=(${BENCH:-dotnet run -c Release --project $repo/bench/Ifcb.Benchmarks --})
precisions=(""); [ "${BF16:-0}" = 1 ] && precisions+=("--bf16")
data="$(mktemp -d)"; trap 'rm -rf "$data"' EXIT
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" "$repo/bench/python/train_step.py" "$data" --make 32 --steps 0
for model in resnet18 mobilenet_v3_small; do
  for precision in "${precisions[@]}"; do
    for layout in "" "--channels-last"; do
      "$py" "$repo/bench/python/train_step.py" "$data" --model "$model" --size 224 --batch 32 \
        --steps "$steps" --warmup 1 --threads "$(nproc)" --workers 2 $layout $precision
    done
  done
done
echo "# ifcb (BenchmarkDotNet TrainThroughput: ms per image; images/s = 1000 / mean)"
IFCB_TRAIN_BENCH_STEPS="$steps" IFCB_TRAIN_BENCH_BF16="${BF16:-0}" "${bench[@]}" --filter '*TrainThroughput*' 2>&1 \
  | grep -E '^\|' || true
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
