#!/usr/bin/env bash
# Count correction on prior-shifted synthetic bins (docs/quantification.md, "Benchmark").
#   bench/quantify/run.sh [WORK]        WORK defaults to a new temp folder
# Trains a small classifier on a balanced synthetic image set (resnet18 at 32 px, 6 epochs with a cosine schedule on
# 80 training images per class: about 10-25 minutes on 2 shared cores),
# refits its count-correction estimates with `ifcb evaluate --model` on an independent balanced image set, writes
# four archives (balanced = the training mix, bloom, shifted, daynight), classifies each once and re-summarises it
# with every method (em-1d: EM with the prior estimated per 1-day window of 4 bins), and prints per mix and method
# the mean over bins of the prevalence absolute error (MAE), relative absolute error (MRAE) and the coverage of the
# 95% intervals (fraction of (bin, class) true counts inside), then the model's accuracy on the archives' ROIs.
# Environment: RUN=<run folder> reuses a trained model; BINS (8), ROIS (1000) size the archives; PER_CLASS (100),
# EPOCHS (6) and SCHEDULE (cosine) the training; ESTIMATE_PER_CLASS (300) the estimation set.
# Realistic sizes (real bins hold 1,000-5,000 ROIs; labs validate a few hundred images per class):
#   ROIS=3000 ESTIMATE_PER_CLASS=500 RUN=<run> bench/quantify/run.sh   (figures in docs/quantification.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ifcb="$root/ifcb"
work="${1:-$(mktemp -d -t ifcb-bench-quantify.XXXXXX)}"
bins="${BINS:-8}"
rois="${ROIS:-1000}"
mkdir -p "$work"
if [ -z "${RUN:-}" ]; then
  "$ifcb" synth --images --out "$work/train-images" --per-class "${PER_CLASS:-100}" --seed 11 >/dev/null
  epochs="${EPOCHS:-6}"
  "$ifcb" train "$work/train-images" --model resnet18 --input-size 32 --out "$work/run" --epochs-min "$epochs" --epochs-max "$epochs" \
    --batch 32 --seed 1 --flip xy --rotate --schedule "${SCHEDULE:-cosine}" > "$work/train.log"
  RUN="$work/run"
fi

# The card's own estimates come from the 20% validation split; a larger independent labelled set refits them.
"$ifcb" synth --images --out "$work/estimate-images" --per-class "${ESTIMATE_PER_CLASS:-300}" --seed 12 >/dev/null
"$ifcb" evaluate --model "$RUN" "$work/estimate-images" --out "$work/estimates" --bootstrap 0 >/dev/null
estimates="$work/estimates/quantification.json"

printf '%-9s %-5s %8s %8s %9s\n' mix method MAE MRAE coverage
for mix in balanced bloom shifted daynight; do
  rm -rf "$work/$mix" "$work/out-$mix"
  "$ifcb" synth --out "$work/$mix" --bins "$bins" --rois "$rois" --seed 21 --mix "$mix" --bins-per-day 4 >/dev/null
  for method in cc pcc acc pacc em em-1d; do
    # The first pass classifies; later passes find the score files complete and only redo the summary.
    correct=(--correct "$method")
    [ "$method" = em-1d ] && correct=(--correct em --correct-window 1d)
    "$ifcb" classify "$work/$mix" --model "$RUN" --out "$work/out-$mix" --estimates "$estimates" "${correct[@]}" >/dev/null
    "$ifcb" score "$work/out-$mix" --truth "$work/$mix/ground_truth.csv" --count-error "$work/count-error-$mix-$method.csv" >/dev/null
    awk -F, -v mix="$mix" -v method="$method" '$1 == "mean" {
      cov = $9 > 0 ? sprintf("%.3f", $10 / $9) : "-"
      mae = method == "cc" ? $5 : $7; mrae = method == "cc" ? $6 : $8
      printf "%-9s %-5s %8.4f %8.4f %9s\n", mix, method, mae, mrae, cov }' "$work/count-error-$mix-$method.csv"
  done
done
# Accuracy of the arg-max on every archive ROI (the raw counts' classifier), from the last score run.
for mix in balanced bloom shifted daynight; do
  "$ifcb" score "$work/out-$mix" --truth "$work/$mix/ground_truth.csv" 2>/dev/null | grep -i -m1 'accuracy' | sed "s/^/$mix: /" || true
done
