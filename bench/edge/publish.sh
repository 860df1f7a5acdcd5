#!/usr/bin/env bash
# The classify-only artefact (`ifcb-classify`: no Training, no libtorch), self-contained for an x64 box and for a
# Jetson (linux-arm64), with its size and the architecture of its executable and ONNX Runtime library.
#   bench/edge/publish.sh [OUT]        (default: a new temp folder, printed at the end)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$(mktemp -d -t ifcb-classify-publish.XXXXXX)}"
for rid in linux-x64 linux-arm64; do
  rm -rf "$out/$rid"
  # The RID as IfcbArtefactRid, not -r: see src/Ifcb.Cli.Classify/Ifcb.Cli.Classify.csproj. The test suite does the same
  # and checks both (tests/Ifcb.Edge.Tests/ClassifyOnlyArtefactTests.cs).
  dotnet publish "$root/src/Ifcb.Cli.Classify" -c Release -p:IfcbArtefactRid="$rid" -p:IfcbArtefactDir="$out/build" \
    -o "$out/$rid" -nologo -v q >/dev/null
  printf '%s\t%s\t%s\t%s\n' "$rid" "$(du -sh "$out/$rid" | cut -f1)" \
    "$(file -b "$out/$rid/ifcb-classify" | cut -d, -f2 | xargs)" "$(file -b "$out/$rid/libonnxruntime.so" | cut -d, -f2 | xargs)"
done
if [ "$(uname -m)" = x86_64 ]; then
  "$out/linux-x64/ifcb-classify" version
fi
echo "published into $out"
