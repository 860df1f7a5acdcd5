#!/usr/bin/env bash
# Edge benchmark (docs/edge.md): `ifcb watch` with the int8 model, pushing to the real hub (`ifcb serve`, SQLite).
# One command, about 5 minutes on a quiet 2-core box; ends with one table.
#   bench/edge/run.sh [WORKDIR]      (default: a new temp folder)
#   1. latency: a simulated instrument (`ifcb synth --live`) writes LIVE bins of ROIS ROIs, one every EVERY seconds;
#      `ifcb watch --push` sends them to `ifcb serve`; latency = the hub's stored time of the bin's result
#      (bin_results.created_ms in its database) - the .hdr's mtime.
#   2. catch-up: BACKLOG bins of BACKLOG_ROIS ROIs already on disk, `ifcb watch --once --oldest-first --push` from
#      cold (process start and model load included): bins/s and ROIs/s, peak RSS (GNU time) of the watch process,
#      and every bin stored once by the hub.
#   3. size: the classify-only artefact (`ifcb-classify`, self-contained linux-x64, bench/edge/publish.sh).
# env: MODEL=resnet18 (or inception_v3), LIVE=4, EVERY=15, ROIS=100, SETTLE=2, BACKLOG=500, BACKLOG_ROIS=2 (per-bin overhead;
#      with real bins the rate is ROI-bound),
#      PARTS="latency catchup size", IFCB="dotnet path/ifcb.dll", PY=/usr/bin/python3
# Needs python3 with torch, torchvision, onnx (Debian: python3-torch, -torchvision, -onnx) to export the model, and
# GNU time (/usr/bin/time) for the peak RSS.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t ifcb-edge-bench.XXXXXX)}"
model="${MODEL:-resnet18}"; live="${LIVE:-4}"; every="${EVERY:-15}"; rois="${ROIS:-100}"; settle="${SETTLE:-2}"
backlog="${BACKLOG:-500}"; backlog_rois="${BACKLOG_ROIS:-2}"
ifcb=(${IFCB:-$repo/ifcb}); py="${PY:-/usr/bin/python3}"
parts=" ${PARTS:-latency catchup size} "
mkdir -p "$work"
rows=()
row() { rows+=("$(printf '| %s | %s | %s |' "$1" "$2" "$3")"); }
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
flags="$(grep -o -w 'avx2\|avx512f\|avx512_vnni\|avx_vnni\|amx_tile' /proc/cpuinfo | sort -u | xargs)"
load0="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(date -u +%FT%TZ); $(nproc) cores, $cpu; CPU flags: ${flags:-none of avx2/avx512f/vnni/amx}; load average at start: $load0"
"${ifcb[@]}" version >/dev/null   # builds the CLI first if needed, outside the timings

if [[ "$parts" == *" latency "* || "$parts" == *" catchup "* ]]; then
  # The random-init torchvision model as bench/classify/export_models.py writes it, this one model only.
  [ -f "$work/models/$model.onnx" ] || "$py" - "$work/models" "$model" <<'PY'
import inspect, os, sys, torch, torchvision
out, name = sys.argv[1], sys.argv[2]
size, kw = (299, dict(aux_logits=True, init_weights=False)) if name == "inception_v3" else (224, {})
legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
os.makedirs(out, exist_ok=True); torch.manual_seed(0)
model = getattr(torchvision.models, name)(num_classes=100, **kw).eval()
with torch.no_grad():
    torch.onnx.export(model, torch.rand(1, 3, size, size), os.path.join(out, f"{name}.onnx"), input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=13, **legacy)
open(os.path.join(out, f"{name}.classes"), "w").write("".join(f"class{i}\n" for i in range(100)))
PY
  if [ ! -f "$work/models/$model-int8.onnx" ]; then
    "${ifcb[@]}" synth --out "$work/calib" --bins 2 --rois 128 --seed 9 >/dev/null
    "${ifcb[@]}" quantize "$work/calib" --model "$work/models/$model.onnx" --out "$work/models/$model-int8.onnx" --images 256 | grep -E 'check on' || true
    cp "$work/models/$model.classes" "$work/models/$model-int8.classes" 2>/dev/null || true
  fi
fi
int8="$work/models/$model-int8.onnx"

# The real hub on a free port, on SQLite in WORKDIR/hub; a token for dataset "bench".
hub=""
start_hub() {
  rm -rf "$work/hub"; mkdir -p "$work/hub"
  token="$("${ifcb[@]}" serve token create --data "$work/hub" --dataset bench | grep -o 'ifcb_[0-9a-f]*' | head -1)"
  [ -n "$token" ] || { echo "run.sh: no token from ifcb serve token create" >&2; exit 1; }
  port=$(( 20000 + RANDOM % 20000 ))
  "${ifcb[@]}" serve --data "$work/hub" --urls "http://127.0.0.1:$port" >"$work/hub.log" 2>&1 & hub=$!
  for _ in $(seq 1 120); do grep -q 'ifcb hub:' "$work/hub.log" 2>/dev/null && return 0; sleep 0.5; done
  echo "run.sh: the hub did not start:" >&2; cat "$work/hub.log" >&2; exit 1
}
stop_hub() { [ -z "$hub" ] || { kill "$hub" 2>/dev/null || true; wait "$hub" 2>/dev/null || true; hub=""; }; }
trap stop_hub EXIT
# Bins stored by the hub (dataset bench): "lid<TAB>created seconds", one line per stored (bin, model) result.
stored() {
  "$py" - "$work/hub/hub.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for lid, ms in db.execute("SELECT b.lid, r.created_ms FROM bin_results r JOIN bins b ON b.id = r.bin_id"):
    print(f"{lid}\t{ms / 1000:.3f}")
PY
}

if [[ "$parts" == *" latency "* ]]; then
  echo "## latency: $live bins of $rois ROIs, one every $every s, settle $settle s, $model int8, hub: ifcb serve"
  rm -rf "$work/live" "$work/live-out"; mkdir -p "$work/live"
  start_hub
  "${ifcb[@]}" watch "$work/live" --model "$int8" --out "$work/live-out" --push "http://127.0.0.1:$port" --token "$token" \
    --dataset bench --settle "$settle" --rescan 30 >"$work/watch.log" 2>&1 & watch=$!
  for _ in $(seq 1 120); do grep -q ' watching ' "$work/watch.log" 2>/dev/null && break; sleep 0.5; done
  "${ifcb[@]}" synth --live "$work/live" --every "$every" --bins "$live" --rois "$rois" --bins-per-day "$live" --seed 11 >/dev/null
  for _ in $(seq 1 240); do [ "$(stored | wc -l)" -ge "$live" ] && break; sleep 1; done
  kill "$watch" 2>/dev/null || true; wait "$watch" 2>/dev/null || true
  stored >"$work/latency-hub.tsv"
  stop_hub
  line="$("$py" - "$work/live" "$work/latency-hub.tsv" "$settle" "$live" <<'PY'
import os, sys, glob, statistics
live, log, settle, want = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
hdr = {os.path.basename(p)[:-4]: os.stat(p).st_mtime for p in glob.glob(os.path.join(live, "**", "*.hdr"), recursive=True)}
lat = sorted(float(t) - hdr[b] for b, t in (l.split("\t") for l in open(log).read().split("\n") if l))
if len(lat) < want:
    print(f"only {len(lat)} of {want} bins reached the hub")
else:
    print(f"median {statistics.median(lat):.1f} s, max {max(lat):.1f} s over {len(lat)} bins (settle {settle:g} s of it)")
PY
)"
  echo "$line"
  row "latency, .hdr landing -> counts stored by the hub ($rois-ROI bins, one every $every s)" \
      "LIVE=$live EVERY=$every ROIS=$rois SETTLE=$settle" "$line"
fi

if [[ "$parts" == *" catchup "* ]]; then
  echo "## catch-up: $backlog bins of $backlog_rois ROIs on disk, $model int8, cold start, pushing to ifcb serve"
  rm -rf "$work/backlog" "$work/backlog-out"
  "${ifcb[@]}" synth --out "$work/backlog" --bins "$backlog" --rois "$backlog_rois" --bins-per-day 72 --seed 13 >/dev/null
  find "$work/backlog" -type f -exec touch -d '1 hour ago' {} +
  start_hub
  start=$(date +%s.%N)
  /usr/bin/time -o "$work/time.txt" -f "%M" "${ifcb[@]}" watch "$work/backlog" --model "$int8" --out "$work/backlog-out" --once \
    --settle 1 --oldest-first --chunk 32 --push "http://127.0.0.1:$port" --token "$token" --dataset bench >"$work/catchup.log" 2>&1
  end=$(date +%s.%N)
  n=$(find "$work/backlog-out" -name '*_class.h5' | wc -l)
  at_hub=$(stored | cut -f1 | sort -u | wc -l); results=$(stored | wc -l)
  stop_hub
  rss_mb=$(( $(cat "$work/time.txt") / 1024 ))
  line="$("$py" -c "s=$end-$start; print(f'{$n} bins ({$n * $backlog_rois} ROIs) in {s:.0f} s: {$n/s:.2f} bins/s, {$n*$backlog_rois/s:.0f} ROIs/s')")"
  echo "$line; the hub stored $at_hub bins ($results results); watch peak RSS $rss_mb MB"
  row "catch-up, $backlog-bin backlog, cold start (process start, model load, push included)" \
      "BACKLOG=$backlog BACKLOG_ROIS=$backlog_rois" "$line; $at_hub stored once each by the hub"
  [ "$at_hub" -eq "$backlog" ] && [ "$results" -eq "$backlog" ] || row "**catch-up: not every bin reached the hub once**" "" "$at_hub bins, $results results"
  row "peak RSS of \`watch\`, $model int8 (the catch-up run)" "GNU time %M" "$rss_mb MB"
fi

if [[ "$parts" == *" size "* ]]; then
  echo "## size: the classify-only artefact (ifcb-classify, self-contained linux-x64)"
  rm -rf "$work/publish/linux-x64"
  dotnet publish "$repo/src/Ifcb.Cli.Classify" -c Release -p:IfcbArtefactRid=linux-x64 -p:IfcbArtefactDir="$work/publish/build" \
    -o "$work/publish/linux-x64" -nologo -v q >/dev/null
  mb=$(( $(du -sb "$work/publish/linux-x64" | cut -f1) / 1000000 ))
  echo "ifcb-classify linux-x64: $mb MB"
  row "size of the classify-only artefact (ifcb-classify, self-contained linux-x64, no libtorch)" "dotnet publish -p:IfcbArtefactRid=linux-x64" "$mb MB"
fi

echo
echo "Edge benchmark, $(date -u +%F), $(nproc) cores, $cpu, CPU flags: ${flags:-none}; load average at start $load0, at end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | settings | figure |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "work folder: $work"
