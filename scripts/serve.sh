#!/usr/bin/env bash
# One command from a fresh checkout to a running server: installs, then serves the example
# zone (fixtures/zones/example.test.zone) on 127.0.0.1 and ::1 port 5353, state under ./data.
# Extra arguments go to `dnsteer serve` (e.g. --config FILE, --listen 127.0.0.1:5300).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec apps/dnsteer/bin/dnsteer serve "$@"
