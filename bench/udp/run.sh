#!/usr/bin/env bash
# pnpm bench:udp [--seconds N] [--rounds N] [--batch N]   |   pnpm bench:udp --responder [--seconds N] [--workers N]
# The same fixed answer served three ways on loopback, measured by dnsperf (100 outstanding, one
# client) in one run: (a) node:dgram (bench/dns/node-ceiling.ts), (b) @dnsteer/udp's batched
# addon (addon-ceiling.ts), (c) Knot with 1 UDP worker answering www.example.test A from the zone.
# Rounds rotate which server goes first. Prints qps per server and the ratios addon/dgram and
# addon/knot.
set -euo pipefail
# --responder: the real responder on batch vs dgram, 1 vs N workers, against Knot and NSD (responder.sh)
if [ "${1:-}" = "--responder" ]; then shift; exec bash "$(dirname "$0")/responder.sh" "$@"; fi

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
work=$(mktemp -d /tmp/dnsteer-bench-udp-XXXXXX)
source "$root/bench/lib.sh"
need_tools bench:udp knotd dnsperf dig
dgram_pid=""
addon_pid=""

cleanup() { # only the processes this script started, by pid
  stop_pid "$dgram_pid"
  stop_pid "$addon_pid"
  stop_knot
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_a() { # port name: bounded wait until www.example.test A is answered
  wait_for_answer "$1" www.example.test A '^[0-9]' "$2"
}

start_knot

dgram_port=$(free_port)
"${tsx[@]}" "$root/bench/dns/node-ceiling.ts" "$dgram_port" >"$work/dgram.out" 2>&1 &
dgram_pid=$!
addon_port=$(free_port)
"${tsx[@]}" "$here/addon-ceiling.ts" "$addon_port" "$batch" >"$work/addon.out" 2>&1 &
addon_pid=$!
wait_for_a "$knot_port" knot
wait_for_a "$dgram_port" node:dgram || { cat "$work/dgram.out" >&2; exit 1; }
wait_for_a "$addon_port" addon || { cat "$work/addon.out" >&2; exit 1; }

run_dnsperf() { dnsperf_qps "$1" "$root/bench/dns/static-a.queries"; }

echo "load average before: $(load_average) on $(nproc) cores"
echo "knot $(knotd --version | awk '{print $NF}') (1 UDP worker) :$knot_port, node:dgram :$dgram_port, addon (batch $batch) :$addon_port; $seconds s x $rounds rounds"
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
echo "load average after: $(load_average)"
stop_pid "$addon_pid"
addon_pid=""
echo "addon socket stats: $(grep '^{' "$work/addon.out" || echo '(none)')"
report_lost_queries
