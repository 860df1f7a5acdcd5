#!/usr/bin/env bash
# Edge benchmark (docs/edge.md): `ifcb watch` with the int8 model on this machine.
#   1. latency: a simulated instrument (`ifcb synth --live`) writes LIVE bins, one every EVERY seconds; `ifcb watch
#      --push` sends them to a stand-in hub (bench/edge/hub.py); latency = hub arrival - the .hdr's mtime.
#   2. catch-up: BACKLOG bins already on disk, `ifcb watch --once --oldest-first` from cold: bins/s and ROIs/s, with
#      peak RSS (GNU time) of the watch process.
#   bench/edge/run.sh [WORKDIR]      env: MODEL=resnet18 (or inception_v3), LIVE=6, EVERY=10, ROIS=300, SETTLE=2,
#                                         BACKLOG=500, BACKLOG_ROIS=20, PARTS="latency catchup",
#                                         IFCB="dotnet path/ifcb.dll", PY=/usr/bin/python3
# Needs python3 with torch, torchvision, onnx (Debian: python3-torch, -torchvision, -onnx) to export the model.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
model="${MODEL:-resnet18}"; live="${LIVE:-6}"; every="${EVERY:-10}"; rois="${ROIS:-300}"; settle="${SETTLE:-2}"
backlog="${BACKLOG:-500}"; backlog_rois="${BACKLOG_ROIS:-20}"
ifcb=(${IFCB:-$repo/ifcb}); py="${PY:-/usr/bin/python3}"
mkdir -p "$work"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); flags: $(grep -o -w 'avx2\|avx512f\|amx_tile' /proc/cpuinfo | sort -u | xargs); $(date -u +%FT%TZ)"
[ -f "$work/models/$model.onnx" ] || "$py" "$repo/bench/classify/export_models.py" "$work/models" >/dev/null
if [ ! -f "$work/models/$model-int8.onnx" ]; then
  "${ifcb[@]}" synth --out "$work/calib" --bins 2 --rois 128 --seed 9 >/dev/null
  "${ifcb[@]}" quantize "$work/calib" --model "$work/models/$model.onnx" --out "$work/models/$model-int8.onnx" --images 256 | grep -E 'check on' || true
  cp "$work/models/$model.classes" "$work/models/$model-int8.classes" 2>/dev/null || true
fi
int8="$work/models/$model-int8.onnx"

parts=" ${PARTS:-latency catchup} "
if [[ "$parts" == *" latency "* ]]; then
echo "## latency: $live bins of $rois ROIs, one every $every s, settle $settle s, model $model int8"
rm -rf "$work/live" "$work/live-out" "$work/hub.log"
port=$(( 20000 + RANDOM % 20000 ))
"$py" "$repo/bench/edge/hub.py" "$port" "$work/hub.log" & hub=$!
mkdir -p "$work/live"
"${ifcb[@]}" watch "$work/live" --model "$int8" --out "$work/live-out" --push "http://127.0.0.1:$port" --token bench \
  --settle "$settle" --rescan 30 > "$work/watch.log" 2>&1 & watch=$!
sleep 3
"${ifcb[@]}" synth --live "$work/live" --every "$every" --bins "$live" --rois "$rois" --bins-per-day "$live" --seed 11 >/dev/null
for _ in $(seq 1 120); do [ "$(wc -l < "$work/hub.log" 2>/dev/null || echo 0)" -ge "$live" ] && break; sleep 1; done
kill "$watch" "$hub" 2>/dev/null || true; wait "$watch" "$hub" 2>/dev/null || true
"$py" - "$work/live" "$work/hub.log" "$settle" <<'PY'
import os, sys, glob, statistics
live, log, settle = sys.argv[1], sys.argv[2], float(sys.argv[3])
hdr = {os.path.basename(p)[:-4]: os.stat(p).st_mtime for p in glob.glob(os.path.join(live, "**", "*.hdr"), recursive=True)}
lat = sorted(float(t) - hdr[b] for b, t in (l.split("\t") for l in open(log).read().split("\n") if l))
print(f"latency .hdr -> hub over {len(lat)} bins: median {statistics.median(lat):.2f} s, max {max(lat):.2f} s "
      f"(of which the settle time {settle:.1f} s; median beyond it {statistics.median(lat) - settle:.2f} s)")
PY
fi

[[ "$parts" == *" catchup "* ]] || exit 0
echo "## catch-up: $backlog bins of $backlog_rois ROIs on disk, model $model int8, cold start"
rm -rf "$work/backlog" "$work/backlog-out"
"${ifcb[@]}" synth --out "$work/backlog" --bins "$backlog" --rois "$backlog_rois" --bins-per-day 72 --seed 13 >/dev/null
find "$work/backlog" -type f -exec touch -d '1 hour ago' {} +
start=$(date +%s.%N)
/usr/bin/time -f "watch peak RSS %M KB" "${ifcb[@]}" watch "$work/backlog" --model "$int8" --out "$work/backlog-out" --once \
  --settle 1 --oldest-first --chunk 32 2>&1 | grep -E 'peak RSS' || true
end=$(date +%s.%N)
n=$(find "$work/backlog-out" -name '*_class.h5' | wc -l)
"$py" -c "import sys; s=$end-$start; print(f'caught up {$n} bins ({$n * $backlog_rois} ROIs) in {s:.1f} s: {$n/s:.2f} bins/s, {$n*$backlog_rois/s:.0f} ROIs/s (process start and model load included)')"
