#!/usr/bin/env bash
# Records the generated JavaScript and WGSL of every specialization the JIT, GPU and example tests compile into
# <dir> (see src/jit/record.ts), with fast-check's seed fixed so that the random programs repeat.
#   bash scripts/record-codegen.sh /tmp/codegen-before
#   … change the compiler …
#   bash scripts/record-codegen.sh /tmp/codegen-after
#   node scripts/compare-codegen.mjs /tmp/codegen-before /tmp/codegen-after
# Extra arguments replace the default test filters. Test failures are reported but still leave a recording.
set -u
dir=${1:?usage: record-codegen.sh <dir> [test filters…]}
shift
cd "$(dirname "$0")/.."
rm -rf "$dir" && mkdir -p "$dir"
filters=("$@")
[ ${#filters[@]} -eq 0 ] && filters=(tests/jit tests/gpu tests/examples tests/decorate)
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
NUMBAT_RECORD_CODEGEN="$(cd "$dir" && pwd)" NODE_OPTIONS="${NODE_OPTIONS:-} --import=$(pwd)/scripts/fixed-seed.mjs" \
  node scripts/run-tests.mjs "${filters[@]}" > "$dir.log" 2>&1
status=$?
echo "record-codegen: $(ls "$dir" | wc -l) files in $dir, tests exit $status (log: $dir.log)"
