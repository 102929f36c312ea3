#!/usr/bin/env bash
# Issue 11's scaling check: every bench workload's 2-thread speedup before the WebAssembly kernels (the parent of
# 56be709, "kernels: new package @weft/kernels") and after (this working tree), measured with --rounds 3,
# interleaved before / after / before / after on the same machine in the same minutes.
#
#   docs/bench-2cores/ratio/before-after.sh            # the check (about 4 runs of 3-5 minutes on a quiet 2-core VM)
#   OUT=/tmp/proof ROUNDS=1 EXTRA="--quick --repeats 1" docs/bench-2cores/ratio/before-after.sh   # a short proof that it runs
#
# Each side runs its own benchmark with its own default workload sizes: the old bench's command line has no size
# option (only --quick), no ceiling and no --min-timed-ms, so the comparison is the raw 2-thread speedup against the
# raw 2-thread speedup (the issue's wording), not speedup / ceiling. The two sides also time 1 thread differently:
# before, inline on the main thread after a bare gc() (which slowed those samples: docs/BENCHMARKS.md, "Why 2 threads
# beat 2x"); after, on one worker after gc({ type: "major" }). Read "before" speedups of cross-validation, grid search
# and preprocessing with that in mind.
#
# The "before" tree is a git worktree at /work/weft-before (WEFT_BEFORE to change it), built once by this script
# (npm ci, then nx build); "after" must be built already (npx nx run-many -t build). Reports go to
# docs/bench-2cores/before-after/{before,after}-{1,2}/ (report.json, table.txt, charts) and a summary of the
# 2-thread speedups per workload to docs/bench-2cores/before-after/summary.md.
set -euo pipefail

AFTER=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
BEFORE=${WEFT_BEFORE:-/work/weft-before}
BEFORE_COMMIT=56be709^
OUT=${OUT:-$AFTER/docs/bench-2cores/before-after}
ROUNDS=${ROUNDS:-3}
EXTRA=${EXTRA:-}

if [ ! -e "$BEFORE/packages/bench/dist/main.js" ]; then
  if [ ! -d "$BEFORE" ]; then git -C "$AFTER" worktree add --detach "$BEFORE" "$BEFORE_COMMIT"; fi
  (cd "$BEFORE" && npm ci --no-audit --no-fund && npx nx run-many -t build)
fi
[ -e "$AFTER/packages/bench/dist/main.js" ] || { echo "build this tree first: npx nx run-many -t build" >&2; exit 1; }

mkdir -p "$OUT"
run() { # side tree n
  local side=$1 tree=$2 n=$3
  echo "$(date -u +%H:%M:%S) $side-$n ($(git -C "$tree" rev-parse --short HEAD)), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/runs.log"
  # shellcheck disable=SC2086 # EXTRA is a list of options
  (cd "$tree" && node --expose-gc packages/bench/dist/main.js --workload all --threads 1,2 --rounds "$ROUNDS" \
    --no-batch-scaling --no-piscina $EXTRA --out "$OUT/$side-$n") > "$OUT/$side-$n.txt" 2>&1
}
run before "$BEFORE" 1
run after "$AFTER" 1
run before "$BEFORE" 2
run after "$AFTER" 2
echo "$(date -u +%H:%M:%S) done, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/runs.log"

# The 2-thread speedup (median of 1 thread / median of 2, over all rounds) per workload, per run.
node --input-type=module - "$OUT" > "$OUT/summary.md" <<'EOF'
import { readFileSync } from "node:fs"
const dir = process.argv[2]
const runs = ["before-1", "after-1", "before-2", "after-2"]
const reports = Object.fromEntries(runs.map((r) => [r, JSON.parse(readFileSync(`${dir}/${r}/report.json`, "utf8"))]))
const names = reports["before-1"].workloads.map((w) => w.name)
const cell = (r, name) => {
  const w = reports[r].workloads.find((x) => x.name === name)
  const one = w?.counts.find((c) => c.threads === 1), two = w?.counts.find((c) => c.threads === 2)
  return one && two ? `${(one.timing.median / two.timing.median).toFixed(2)}x (${one.timing.median.toFixed(0)} / ${two.timing.median.toFixed(0)} ms)` : "–"
}
console.log(`2-thread speedup, median of 1 thread / median of 2 (ms), ${reports["before-1"].settings.rounds ?? 1} round(s) each; load max per run: ${runs.map((r) => `${r} ${reports[r].load?.max?.toFixed(2) ?? "?"}`).join(", ")}\n`)
console.log(`| workload | ${runs.join(" | ")} |\n|---|${runs.map(() => "---").join("|")}|`)
for (const name of names) console.log(`| ${name} | ${runs.map((r) => cell(r, name)).join(" | ")} |`)
console.log(`\nSizes, before: ${reports["before-1"].workloads.map((w) => `${w.name}: ${w.description}`).join("; ")}`)
console.log(`\nSizes, after: ${reports["after-1"].workloads.map((w) => `${w.name}: ${w.description}`).join("; ")}`)
EOF
cat "$OUT/summary.md"
