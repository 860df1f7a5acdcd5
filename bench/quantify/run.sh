#!/usr/bin/env bash
# Count correction on prior-shifted synthetic bins (docs/quantification.md, "Benchmark").
#   bench/quantify/run.sh [WORK]        WORK defaults to a new temp folder
# Trains a small classifier on a balanced synthetic image set (resnet18 at 32 px, 6 epochs with a cosine schedule on
# 80 training images per class: about 10-25 minutes on 2 shared cores), writes four archives (balanced = the training
# mix, bloom, shifted, daynight), classifies each once, and re-summarises it with every method (em-1d: EM with the
# prior estimated per 1-day window of 4 bins). The estimation-based methods (acc, pacc, em, em-1d) are re-summarised
# once per estimation set: ESTIMATE_SETS independent balanced image sets (synth seeds 12, 13, ...), each refitted
# with `ifcb evaluate --model`. A 95% interval is a frequency over repeated experiments that include the draw of the
# estimation set, and every bin of a run shares that set, so one set's coverage scatters far more than independent
# trials would; the coverage is pooled over the sets' (set, bin, class) cells, with the range of the per-set values.
# Output, one row per mix and method: the mean over sets of the mean over bins of the prevalence absolute error (MAE)
# and relative absolute error (MRAE), the coverage pooled over sets, the per-set coverage min-max, the coverage of
# the cells whose true count is at least 1% of the bin ("cov>=1%") and of the rest ("cov<1%", near the simplex
# boundary), and the mean seconds of one classify pass (re-summarise) per archive; then the classifier's accuracy.
# CC and PCC do not use the estimates: they run once (sets = 1).
# Environment: RUN=<run folder> reuses a trained model; BINS (8), ROIS (1000) size the archives, ARCHIVE_SEED (21)
# draws them (another seed: other bins of the same mixes); PER_CLASS (100),
# EPOCHS (6) and SCHEDULE (cosine) the training; ESTIMATE_PER_CLASS (300) and ESTIMATE_SETS (1) the estimation sets;
# SET_METHODS ("acc pacc em em-1d") the methods re-run per set.
# Realistic sizes (real bins hold 1,000-5,000 ROIs; labs validate a few hundred images per class):
#   ROIS=3000 ESTIMATE_PER_CLASS=500 ESTIMATE_SETS=5 RUN=<run> bench/quantify/run.sh   (figures in docs/quantification.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ifcb="$root/ifcb"
work="${1:-$(mktemp -d -t ifcb-bench-quantify.XXXXXX)}"
bins="${BINS:-8}"
rois="${ROIS:-1000}"
sets="${ESTIMATE_SETS:-1}"
set_methods="${SET_METHODS:-acc pacc em em-1d}"
mixes="balanced bloom shifted daynight"
mkdir -p "$work"
if [ -z "${RUN:-}" ]; then
  "$ifcb" synth --images --out "$work/train-images" --per-class "${PER_CLASS:-100}" --seed 11 >/dev/null
  epochs="${EPOCHS:-6}"
  "$ifcb" train "$work/train-images" --model resnet18 --input-size 32 --out "$work/run" --epochs-min "$epochs" --epochs-max "$epochs" \
    --batch 32 --seed 1 --flip xy --rotate --schedule "${SCHEDULE:-cosine}" > "$work/train.log"
  RUN="$work/run"
fi

# The card's own estimates come from the 20% validation split; larger independent labelled sets refit them.
for s in $(seq 1 "$sets"); do
  rm -rf "$work/estimate-images-$s"
  "$ifcb" synth --images --out "$work/estimate-images-$s" --per-class "${ESTIMATE_PER_CLASS:-300}" --seed $((11 + s)) >/dev/null
  "$ifcb" evaluate --model "$RUN" "$work/estimate-images-$s" --out "$work/estimates-$s" --bootstrap 0 >/dev/null
done

# One pass: classify (the first pass of an archive scores its ROIs; later ones find the score files complete and
# only redo the summary with the new method and estimates), score, and append the pass's prevalence errors
# (errors.csv) and every (bin, class) cell's truth and interval (cells.csv).
results="$work/results"
rm -rf "$results" && mkdir -p "$results"
echo "mix,method,set,mae,mrae,seconds" > "$results/errors.csv"
echo "mix,method,set,bin,class,truth,roi_count,count,low,high" > "$results/cells.csv"
pass() { # mix method set
  local mix=$1 method=$2 s=$3 correct=(--correct "$2") started elapsed
  [ "$method" = em-1d ] && correct=(--correct em --correct-window 1d)
  started=$EPOCHREALTIME
  "$ifcb" classify "$work/$mix" --model "$RUN" --out "$work/out-$mix" --estimates "$work/estimates-$s/quantification.json" "${correct[@]}" >/dev/null
  elapsed=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  "$ifcb" score "$work/out-$mix" --truth "$work/$mix/ground_truth.csv" --count-error "$results/count-error-$mix-$method-$s.csv" >/dev/null
  awk -F, -v OFS=, -v mix="$mix" -v method="$method" -v s="$s" -v t="$elapsed" '$1 == "mean" {
    print mix, method, s, (method == "cc" ? $5 : $7), (method == "cc" ? $6 : $8), t }' \
    "$results/count-error-$mix-$method-$s.csv" >> "$results/errors.csv"
  # Truth per (bin, class) from ground_truth.csv (pid = bin_NNNNN), joined to summary.csv's intervals (CC: the raw
  # count, whose interval is the corrected columns of --correct cc).
  awk -F, -v OFS=, -v mix="$mix" -v method="$method" -v s="$s" '
    FNR == 1 { file++; if (file == 2) for (i = 1; i <= NF; i++) col[$i] = i; next }
    file == 1 { b = $1; sub(/_[0-9]+$/, "", b); truth[b SUBSEP $2]++; next }
    $col["corrected_low"] != "" {
      print mix, method, s, $1, $col["class"], truth[$1 SUBSEP $col["class"]] + 0, $col["roi_count"],
        $col["corrected_count"], $col["corrected_low"], $col["corrected_high"] }' \
    "$work/$mix/ground_truth.csv" "$work/out-$mix/summary.csv" >> "$results/cells.csv"
}

for mix in $mixes; do
  rm -rf "$work/$mix" "$work/out-$mix"
  "$ifcb" synth --out "$work/$mix" --bins "$bins" --rois "$rois" --seed "${ARCHIVE_SEED:-21}" --mix "$mix" --bins-per-day 4 >/dev/null
  for method in cc pcc; do pass "$mix" "$method" 1; done
  for s in $(seq 1 "$sets"); do
    for method in $set_methods; do pass "$mix" "$method" "$s"; done
  done
done

echo "$bins bins x $rois ROIs per mix (seed ${ARCHIVE_SEED:-21}); $sets estimation set(s) of ${ESTIMATE_PER_CLASS:-300} images per class (synth seeds 12-$((11 + sets))); re-run per set: $set_methods"
awk -F, '
  FNR == 1 { file++; next }
  file == 1 { k = $1 SUBSEP $2; mae[k] += $4; mrae[k] += $5; sec[k] += $6; n[k]++; next }
  { k = $1 SUBSEP $2; ks = k SUBSEP $3
    hit = ($9 <= $6 && $6 <= $10) ? 1 : 0
    cells[k]++; covered[k] += hit; scells[ks]++; scovered[ks] += hit
    big = $6 >= 0.01 * $7 ? "big" : "small"; bc[k SUBSEP big]++; bh[k SUBSEP big] += hit }
  END {
    printf "%-9s %-6s %4s %8s %8s %8s %11s %8s %8s %7s\n", "mix", "method", "sets", "MAE", "MRAE", "coverage", "per-set", "cov>=1%", "cov<1%", "s/pass"
    split("balanced bloom shifted daynight", mixes, " "); split("cc pcc acc pacc em em-1d", methods, " ")
    for (a = 1; a <= 4; a++) for (m = 1; m <= 6; m++) {
      k = mixes[a] SUBSEP methods[m]; if (!(k in n)) continue
      lo = 2; hi = -1
      for (ks in scells) { split(ks, part, SUBSEP); if (part[1] SUBSEP part[2] != k) continue
        c = scovered[ks] / scells[ks]; if (c < lo) lo = c; if (c > hi) hi = c }
      printf "%-9s %-6s %4d %8.4f %8.4f %8.3f %5.3f-%5.3f %8s %8s %7.1f\n", mixes[a], methods[m], n[k], mae[k] / n[k], mrae[k] / n[k],
        covered[k] / cells[k], lo, hi,
        bc[k SUBSEP "big"] ? sprintf("%.3f", bh[k SUBSEP "big"] / bc[k SUBSEP "big"]) : "-",
        bc[k SUBSEP "small"] ? sprintf("%.3f", bh[k SUBSEP "small"] / bc[k SUBSEP "small"]) : "-", sec[k] / n[k] }
  }' "$results/errors.csv" "$results/cells.csv"
# Accuracy of the arg-max on every archive ROI (the raw counts' classifier).
for mix in $mixes; do
  "$ifcb" score "$work/out-$mix" --truth "$work/$mix/ground_truth.csv" 2>/dev/null | grep -i -m1 'accuracy' | sed "s/^/$mix: /" || true
done
