#!/usr/bin/env bash
# bench/hub: ingest rate and series latency of `ifcb serve`, on SQLite and on a private PostgreSQL 15 cluster that the
# bench starts itself (initdb in a temp folder, default durability settings; as the postgres user when run as root).
# One command, one table (db, push body, bins/s, ROIs/s, CPU ms/bin, fill rate, series p50/p95, CPU flags):
#   bench/hub/run.sh                       # the recorded sizes: 200 bins, a 100,000-bin database
#   bench/hub/run.sh --bins 40 --series-bins 20000 --sqlite-only
#   bench/hub/run.sh --db "Host=...;Database=hub;Username=hub;Password=..."    # one database of your own
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dotnet build bench/Ifcb.Benchmarks -c Release -v q >/dev/null
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--bins 200 --series-bins 100000 --series-classes 10 --reps 40)
dotnet bench/Ifcb.Benchmarks/bin/Release/net10.0/linux-x64/Ifcb.Benchmarks.dll hub "${args[@]}"
