#!/usr/bin/env bash
# bench/hub: ingest rate and series latency of `ifcb serve`, on SQLite and on a private PostgreSQL 15 cluster.
# Sizes (the issue's targets: 3,000-ROI 100-class bins; a 100k-bin database): pass them through, for example
#   bench/hub/run.sh --bins 200 --series-bins 100000 --series-classes 100
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
grep -o -w -E 'avx2|avx512f|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' '; echo "($(nproc) cores)"
dotnet build bench/Ifcb.Benchmarks -c Release -v q >/dev/null
bench() { dotnet bench/Ifcb.Benchmarks/bin/Release/net10.0/linux-x64/Ifcb.Benchmarks.dll hub "$@"; }
echo "== SQLite"; bench "$@"
pg=/usr/lib/postgresql/15/bin
dir=$(mktemp -d); port=$((20000 + RANDOM % 20000))
as=(); [ "$(id -u)" = 0 ] && { chown postgres "$dir"; as=(runuser -u postgres --); }
"${as[@]}" "$pg/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
"${as[@]}" "$pg/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
trap '"${as[@]}" "$pg/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
"${as[@]}" "$pg/createdb" -h 127.0.0.1 -p "$port" -U postgres hub
echo "== PostgreSQL 15 (default durability settings)"; bench --db "Host=127.0.0.1;Port=$port;Username=postgres;Database=hub" "$@"
