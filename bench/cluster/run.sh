#!/usr/bin/env bash
# Archive wall time on a real SLURM (one node on localhost, 2 CPUs): one single-process `ifcb classify`, then
# `ifcb slurm classify --submit` with 1 and with 2 array tasks, each timed from submission until its reduce job has
# ended; then what `ifcb slurm plan` predicts from the single run's measured rate. Needs root and Debian's slurmctld,
# slurmd, slurm-client, munge, and python3-onnx (the model is written here; nothing is downloaded).
#   bench/cluster/run.sh [WORK] [BINS] [ROIS] [SIZE]      defaults: a new temp folder, 8 300 64
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d -t ifcb-cluster-bench.XXXXXX)}"; bins="${2:-8}"; rois="${3:-300}"; size="${4:-64}"
rm -rf "$work"; mkdir -p "$work"
"$repo/ifcb" version >/dev/null   # builds the CLI when needed
ifcb=(dotnet "$repo/src/Ifcb.Cli/bin/Release/net10.0/linux-x64/ifcb.dll")
cluster="$work/cluster"
export SLURM_CONF="$("$repo/tests/slurm/localhost-cluster.sh" start "$cluster" 2)"
trap '"$repo/tests/slurm/localhost-cluster.sh" stop "$cluster"' EXIT

"${ifcb[@]}" synth --out "$work/bins" --bins "$bins" --rois "$rois" --bins-per-day "$bins" --seed 7 >/dev/null
# A small random-init CNN (4 convolutions, 20 classes) written with onnx's helper: enough work per ROI that the
# scheduler's overhead is visible against it, no torch needed.
/usr/bin/python3 - "$work/model" "$size" <<'PY'
import os, sys, numpy as np, onnx
from onnx import helper, TensorProto, numpy_helper
out, size = sys.argv[1], int(sys.argv[2]); os.makedirs(out, exist_ok=True); rng = np.random.default_rng(0)
chans, nodes, inits, prev = [3, 32, 64, 128, 128], [], [], "input"
for i in range(4):
    w = numpy_helper.from_array(rng.normal(0, 0.1, (chans[i + 1], chans[i], 3, 3)).astype(np.float32), f"w{i}")
    b = numpy_helper.from_array(np.zeros(chans[i + 1], np.float32), f"b{i}")
    inits += [w, b]
    nodes += [helper.make_node("Conv", [prev, f"w{i}", f"b{i}"], [f"c{i}"], pads=[1, 1, 1, 1], strides=[1 if i == 0 else 2] * 2),
              helper.make_node("Relu", [f"c{i}"], [f"r{i}"])]
    prev = f"r{i}"
inits += [numpy_helper.from_array(rng.normal(0, 0.1, (20, 128)).astype(np.float32), "fw"), numpy_helper.from_array(np.zeros(20, np.float32), "fb")]
nodes += [helper.make_node("GlobalAveragePool", [prev], ["g"]), helper.make_node("Flatten", ["g"], ["f"]), helper.make_node("Gemm", ["f", "fw", "fb"], ["logits"], transB=1)]
g = helper.make_graph(nodes, "cnn", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, size, size])],
                      [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 20])], inits)
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]); m.ir_version = 7
onnx.save(m, f"{out}/cnn.onnx")
open(f"{out}/cnn.classes", "w").write("".join(f"class{i}\n" for i in range(20)))
PY
model="$work/model/cnn.onnx"
echo "cpu: $(nproc) cores; flags: $(grep -m1 -o -w -E 'avx2|avx512f|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "archive: $bins bins x $rois ROIs; model: 4-convolution CNN at ${size}x${size}, random init"

t0=$(date +%s.%N)
line="$("${ifcb[@]}" classify "$work/bins" --model "$model" --out "$work/single" | tail -n 1)"
t1=$(date +%s.%N)
echo "single process: $(echo "$t1 - $t0" | bc) s wall; $line"
rate="$(echo "$line" | sed -E 's/.*\(([0-9.]+) ROIs\/s\).*/\1/')"

for tasks in 1 2; do
  out="$work/slurm-$tasks"
  t0=$(date +%s.%N)
  ids="$("${ifcb[@]}" slurm classify "$work/bins" --model "$model" --out "$out" --tasks "$tasks" --cpus-per-task $((2 / tasks)) --submit)"
  reduce="$(echo "$ids" | sed -n 's/^reduce job: //p')"
  while [ -n "$(squeue -h -j "$reduce" 2>/dev/null)" ]; do sleep 0.5; done
  t1=$(date +%s.%N)
  state="$(scontrol show job "$reduce" -o | grep -o 'JobState=[A-Z]*')"
  echo "slurm, $tasks task(s): $(echo "$t1 - $t0" | bc) s from submission to the end of the reduce job ($state)"
  for log in "$out"/logs/classify-*.log; do echo "  $(basename "$log"): $(grep -E 'bins( in shard)?' "$log" | tail -n 1)"; done
  echo "  plan at the single run's rate ($rate ROIs/s for 2 cores; each task has $((2 / tasks))):"
  "${ifcb[@]}" slurm plan "$work/bins" --tasks "$tasks" --rate "$(echo "$rate / $tasks" | bc -l)" | sed 's/^/    /'
done
