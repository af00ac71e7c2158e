#!/usr/bin/env bash
# pnpm bench:udp [--seconds N] [--rounds N] [--batch N]
# The same fixed answer served three ways on loopback, measured by dnsperf (100 outstanding, one
# client) in one run: (a) node:dgram (bench/dns/node-ceiling.ts), (b) @dnsteer/udp's batched
# addon (addon-ceiling.ts), (c) Knot with 1 UDP worker answering www.example.test A from the zone.
# Rounds rotate which server goes first. Prints qps per server and the ratios addon/dgram and
# addon/knot.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=10
rounds=2
batch=64
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--rounds N] [--batch N]" >&2; exit 2 ;;
  esac
done
for tool in knotd dnsperf dig; do
  command -v "$tool" >/dev/null || { echo "bench:udp needs $tool (apt-get install knot dnsperf dnsutils)" >&2; exit 1; }
done

tsx=(node --conditions=source --import "file://$root/node_modules/tsx/dist/loader.mjs")
work=$(mktemp -d /tmp/dnsteer-bench-udp-XXXXXX)
knot_cli_pid=""
knotd_pid=""
dgram_pid=""
addon_pid=""

cleanup() { # only the processes this script started, by pid
  for pid in "$dgram_pid" "$addon_pid" "$knot_cli_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "$dgram_pid" "$addon_pid" "$knot_cli_pid"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  if [ -n "$knotd_pid" ] && kill -0 "$knotd_pid" 2>/dev/null; then kill -KILL "$knotd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_answer() { # port name
  for _ in $(seq 100); do
    if dig +short +time=1 +tries=1 -p "$1" @127.0.0.1 www.example.test A 2>/dev/null | grep -q '^[0-9]'; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $2 on port $1" >&2
  return 1
}

"${tsx[@]}" "$root/fixtures/peers/start-knot-cli.ts" "example.test.=$root/fixtures/zones/example.test.zone" --udp-workers 1 \
  >"$work/knot.out" 2>"$work/knot.err" &
knot_cli_pid=$!
for _ in $(seq 100); do grep -qs '^port=' "$work/knot.out" && break; kill -0 "$knot_cli_pid" 2>/dev/null || break; sleep 0.1; done
grep -qs '^port=' "$work/knot.out" || { echo "knot did not start:" >&2; cat "$work/knot.err" >&2; exit 1; }
knot_port=$(sed -n 's/^port=\([0-9]*\) pid=.*/\1/p' "$work/knot.out")
knotd_pid=$(sed -n 's/^port=[0-9]* pid=\([0-9]*\)/\1/p' "$work/knot.out")

dgram_port=$("${tsx[@]}" "$root/bench/dns/free-port-cli.ts")
"${tsx[@]}" "$root/bench/dns/node-ceiling.ts" "$dgram_port" >"$work/dgram.out" 2>&1 &
dgram_pid=$!
addon_port=$("${tsx[@]}" "$root/bench/dns/free-port-cli.ts")
"${tsx[@]}" "$here/addon-ceiling.ts" "$addon_port" "$batch" >"$work/addon.out" 2>&1 &
addon_pid=$!
wait_for_answer "$knot_port" knot
wait_for_answer "$dgram_port" node:dgram || { cat "$work/dgram.out" >&2; exit 1; }
wait_for_answer "$addon_port" addon || { cat "$work/addon.out" >&2; exit 1; }

run_dnsperf() { # port -> qps
  dnsperf -s 127.0.0.1 -p "$1" -d "$root/bench/dns/static-a.queries" -l "$seconds" -c 1 -q 100 2>&1 \
    | tee -a "$work/dnsperf.log" | awk '/Queries per second/ {print int($4)}'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "knot $(knotd --version | awk '{print $NF}') (1 UDP worker) :$knot_port, node:dgram :$dgram_port, addon (batch $batch) :$addon_port; $seconds s x $rounds rounds"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
row() { printf '%-6s %10s %10s %10s %12s %12s %12s\n' "$@"; }
row "round" "dgram qps" "addon qps" "knot qps" "addon/dgram" "addon/knot" "dgram/knot"
g_sum=0; a_sum=0; k_sum=0
order=(dgram addon knot)
for round in $(seq "$rounds"); do
  declare -A qps=()
  shift_by=$(( (round - 1) % 3 ))
  for k in 0 1 2; do
    name=${order[$(( (k + shift_by) % 3 ))]}
    case $name in
      dgram) qps[dgram]=$(run_dnsperf "$dgram_port") ;;
      addon) qps[addon]=$(run_dnsperf "$addon_port") ;;
      knot) qps[knot]=$(run_dnsperf "$knot_port") ;;
    esac
  done
  g=${qps[dgram]}; a=${qps[addon]}; k=${qps[knot]}
  g_sum=$((g_sum + g)); a_sum=$((a_sum + a)); k_sum=$((k_sum + k))
  row "$round" "$g" "$a" "$k" "$(ratio "$a" "$g")" "$(ratio "$a" "$k")" "$(ratio "$g" "$k")"
  unset qps
done
row "mean" "$((g_sum / rounds))" "$((a_sum / rounds))" "$((k_sum / rounds))" "$(ratio "$a_sum" "$g_sum")" "$(ratio "$a_sum" "$k_sum")" "$(ratio "$g_sum" "$k_sum")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -TERM "$addon_pid" 2>/dev/null || true
for _ in $(seq 50); do kill -0 "$addon_pid" 2>/dev/null || break; sleep 0.1; done
addon_pid=""
echo "addon socket stats: $(grep '^{' "$work/addon.out" || echo '(none)')"
if grep -q 'Queries lost: *[1-9]' "$work/dnsperf.log"; then
  echo "note: some runs lost queries; their qps is still what dnsperf measured"
  grep 'Queries lost' "$work/dnsperf.log" | sort | uniq -c
fi
