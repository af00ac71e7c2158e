#!/usr/bin/env bash
# pnpm bench:steering [--seconds N] [--rounds N]
# Two dnsteer servers on loopback, one run, dnsperf (100 outstanding) against each:
#   plain    - no steering config: the flow analyzer and the steer handler are off
#   steering - www.example.test. steered (flow analyzer counting it, answer from the decision map)
# Prints, with ratios from the same run:
#   steered name vs a static name on the steering server   (issue 5 target: >= 0.90)
#   the steered name with the analyzer on vs off            (issue 4 target: cost <= 5%)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=8
rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--rounds N]" >&2; exit 2 ;;
  esac
done
command -v dnsperf >/dev/null || { echo "bench:steering needs dnsperf (apt-get install dnsperf)" >&2; exit 1; }
tsx=(node --conditions=source --import "file://$root/node_modules/tsx/dist/loader.mjs")
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start() { # config -> sets $port; runs in this shell (not $(...)) so the pid is recorded for cleanup
  port=$("${tsx[@]}" "$here/free-port-cli.ts")
  "${tsx[@]}" "$root/apps/dnsteer/src/main.ts" serve --config "$1" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do dig +short +time=1 +tries=1 -p "$port" @127.0.0.1 example.test SOA 2>/dev/null | grep -q hostmaster && break; sleep 0.2; done
}
start "$here/bench.config.json"; plain=$port
start "$here/steering.config.json"; steer=$port
qps() { dnsperf -s 127.0.0.1 -p "$1" -d "$here/$2.queries" -l "$seconds" -c 1 -q 100 2>&1 | awk '/Queries per second/ {print int($4)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $seconds s x $rounds rounds"
s_static=0; s_steered=0; p_steered=0
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then a=$(qps "$steer" static-mail); b=$(qps "$steer" steered-a); c=$(qps "$plain" steered-a)
  else c=$(qps "$plain" steered-a); b=$(qps "$steer" steered-a); a=$(qps "$steer" static-mail); fi
  printf 'round %d: static %s q/s, steered %s q/s (analyzer on), same name unsteered %s q/s (analyzer off)\n' "$round" "$a" "$b" "$c"
  s_static=$((s_static + a)); s_steered=$((s_steered + b)); p_steered=$((p_steered + c))
done
echo "steered / static (same server):          $(ratio "$s_steered" "$s_static")   target >= 0.90"
echo "steered+analyzer / same name, plain:      $(ratio "$s_steered" "$p_steered")   analyzer+steering cost $(awk -v a="$s_steered" -v b="$p_steered" 'BEGIN {printf "%.1f%%", (1 - a / b) * 100}')   target <= 5%"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
