#!/usr/bin/env bash
# One command from a fresh checkout to a full test run: installs (with the Debian tools the
# tests drive), then the repository checks (types, lint and format, dependency rules, README
# "May import:" lines; one line each), then every test, ending with one summary line
# ("N passed, N failed, N skipped"). A failing check fails the run, but the tests still run,
# so the summary line is always the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
mkdir -p .tmp/checks
status=0

# check NAME COMMAND...: runs one repository check; on failure shows its output, then one line.
check() {
  local name=$1
  shift
  local log=".tmp/checks/$name.log"
  if "$@" >"$log" 2>&1; then
    echo "check $name: ok"
  else
    cat "$log"
    echo "check $name: FAILED (output above, also in $log)"
    status=1
  fi
}

check typecheck pnpm typecheck
check lint pnpm lint
check deps pnpm deps:check
check readme pnpm readme:check

rm -f .tmp/vitest.json .tmp/vitest-accuracy.json
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || status=1
# Issue 9's steering accuracy on two seeded topologies: after the main suite, alone, because it
# measures (bench/steering-accuracy/README.md).
pnpm exec vitest run --config vitest.accuracy.config.ts --reporter=default --reporter=json \
  --outputFile.json=.tmp/vitest-accuracy.json || status=1
node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
for (const f of [".tmp/vitest.json", ".tmp/vitest-accuracy.json"]) {
  if (!fs.existsSync(f)) { failed++; console.log(`${f}: no report (the run did not finish)`); continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' || true
exit "$status"
