#!/usr/bin/env bash
# Records the generated JavaScript and WGSL of every specialization the JIT, GPU and example tests compile into
# <dir> (see src/jit/record.ts), with fast-check's seed fixed so that the random programs repeat.
#   bash scripts/record-codegen.sh /tmp/codegen-before
#   … change the compiler …
#   bash scripts/record-codegen.sh /tmp/codegen-after
#   node scripts/compare-codegen.mjs /tmp/codegen-before /tmp/codegen-after
# Extra arguments replace the default test filters. Test failures are reported but still leave a recording.
#
# --quick (first after <dir>): about half the time of a full recording, for a refactoring's before/after on a
# loaded machine. It leaves out the files whose time goes to running, not compiling (the cache's multi-process
# tests compile the suite's own fixtures again; the GPU reductions, buffer splitting and repeats run library
# kernels on large arrays), and draws 4 GPU differential kernels per seed instead of 12 (NUMBAT_GPU_DIFF_BUDGET).
# Compare a quick recording only with another quick one. At 4 kernels, seed 202's check that most kernels run
# fails (3 of 4 are refused for out-of-bounds integer reads); the recording is complete all the same.
set -u
usage='usage: record-codegen.sh <dir> [--quick] [test filters…]'
dir=${1:?$usage}
shift
cd "$(dirname "$0")/.."
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
rm -rf "$dir" && mkdir -p "$dir"
filters=("$@")
if [ ${#filters[@]} -eq 0 ] && [ $quick -eq 1 ]; then
  slow='^tests/(jit/cache/cache|gpu/prng-reduce|gpu/runtime|gpu/example|gpu/runtime/split|gpu/runtime/repeat)\.test\.ts$'
  mapfile -t filters < <(find tests/jit tests/gpu tests/decorate -name '*.test.ts' | sort | grep -Ev "$slow")
  export NUMBAT_GPU_DIFF_BUDGET=${NUMBAT_GPU_DIFF_BUDGET:-4}
fi
[ ${#filters[@]} -eq 0 ] && filters=(tests/jit tests/gpu tests/examples tests/decorate)
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
NUMBAT_RECORD_CODEGEN="$(cd "$dir" && pwd)" NODE_OPTIONS="${NODE_OPTIONS:-} --import=$(pwd)/scripts/fixed-seed.mjs" \
  node scripts/run-tests.mjs "${filters[@]}" > "$dir.log" 2>&1
status=$?
echo "record-codegen: $(ls "$dir" | wc -l) files in $dir, tests exit $status (log: $dir.log)"
