#!/usr/bin/env bash
# One command from a fresh checkout to a running dnsteer: installs (and dig, for the next
# step), then `dnsteer up`: the responder on the example zone (fixtures/zones/example.test.zone)
# on 127.0.0.1 and ::1 port 5353, the admin API on 127.0.0.1:8053, state under ./data.
# Extra arguments go to `dnsteer up` (e.g. --config FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v dig >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "serve: apt-get install dnsutils (dig)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsutils >/dev/null
  else
    echo "serve: dig is not installed (apt-get install dnsutils as root to try the next step)" >&2
  fi
fi
exec apps/dnsteer/bin/dnsteer up "$@"
