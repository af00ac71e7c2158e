#!/usr/bin/env bash
# pnpm bench:dns [--seconds N] [--rounds N] [--profile]
# Knot (1 UDP worker) and dnsteer serve the same zone on loopback; dnsperf (100 outstanding
# queries, one client) runs against each, alternating which goes first in each round so
# neither always gets the warmer machine. Prints qps per server and the ratio dnsteer/knot.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=10
rounds=2
profile=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --profile) profile=1; shift ;;
    *) echo "usage: $0 [--seconds N] [--rounds N] [--profile]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/dnsteer-bench-XXXXXX)
source "$root/bench/lib.sh"
need_tools bench:dns knotd dnsperf dig
dnsteer_pid=""
ceiling_pid=""

cleanup() {
  if [ -n "$ceiling_pid" ]; then kill -TERM "$ceiling_pid" 2>/dev/null || true; fi
  # Only the processes this script started, by pid; dnsteer first so its profile gets written.
  stop_pid "$dnsteer_pid"
  if [ -n "$dnsteer_pid" ]; then kill -KILL "$dnsteer_pid" 2>/dev/null || true; fi
  stop_knot
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_soa() { # port: bounded wait until the server answers the zone's SOA
  wait_for_answer "$1" example.test SOA hostmaster "the server"
}

start_knot

# dnsteer: the real command, on the same zone, logging only warnings.
dnsteer_port=$(free_port)
node_flags=()
if [ "$profile" = 1 ]; then node_flags=(--cpu-prof --cpu-prof-dir="$work/profile"); fi
node "${node_flags[@]}" --conditions=source --import "file://$root/node_modules/tsx/dist/loader.mjs" \
  "$root/apps/dnsteer/src/main.ts" serve --config "$here/bench.config.json" --listen "127.0.0.1:$dnsteer_port" \
  >"$work/dnsteer.out" 2>&1 &
dnsteer_pid=$!
# Node's ceiling (static-a only): a bare dgram server answering a fixed A record.
ceiling_port=$(free_port)
"${tsx[@]}" "$here/node-ceiling.ts" "$ceiling_port" >"$work/ceiling.out" 2>&1 &
ceiling_pid=$!
wait_for_soa "$knot_port"
wait_for_soa "$dnsteer_port" || { cat "$work/dnsteer.out" >&2; exit 1; }

run_dnsperf() { dnsperf_qps "$@"; }

echo "load average before: $(load_average) on $(nproc) cores"
echo "knot $(knotd --version | awk '{print $NF}') (1 UDP worker) on :$knot_port, dnsteer on :$dnsteer_port; $seconds s x $rounds rounds per server and file"
row() { printf '%-10s %6s %10s %12s %8s %12s %8s\n' "$@"; }
row "queries" "round" "knot qps" "dnsteer qps" "d/knot" "node-ceil" "d/ceil"
for file in static-a mixed; do
  k_sum=0; d_sum=0; c_sum=0
  for round in $(seq "$rounds"); do
    c=""
    if [ $((round % 2)) = 1 ]; then
      k=$(run_dnsperf "$knot_port" "$here/$file.queries"); d=$(run_dnsperf "$dnsteer_port" "$here/$file.queries")
      if [ "$file" = static-a ]; then c=$(run_dnsperf "$ceiling_port" "$here/$file.queries"); fi
    else
      if [ "$file" = static-a ]; then c=$(run_dnsperf "$ceiling_port" "$here/$file.queries"); fi
      d=$(run_dnsperf "$dnsteer_port" "$here/$file.queries"); k=$(run_dnsperf "$knot_port" "$here/$file.queries")
    fi
    k_sum=$((k_sum + k)); d_sum=$((d_sum + d)); c_sum=$((c_sum + ${c:-0}))
    row "$file" "$round" "$k" "$d" "$(ratio "$d" "$k")" "${c:--}" "$([ -n "$c" ] && ratio "$d" "$c" || echo -)"
  done
  if [ "$c_sum" -gt 0 ]; then cm=$((c_sum / rounds)); cr=$(ratio "$d_sum" "$c_sum"); else cm=-; cr=-; fi
  row "$file" "mean" "$((k_sum / rounds))" "$((d_sum / rounds))" "$(ratio "$d_sum" "$k_sum")" "$cm" "$cr"
done
echo "target: dnsteer >= 0.70 x knot on static-a (reported, not asserted); node-ceil = bare node:dgram, fixed answer"
echo "load average after: $(load_average)"
report_lost_queries

if [ "$profile" = 1 ]; then
  kill -TERM "$dnsteer_pid"
  for _ in $(seq 100); do kill -0 "$dnsteer_pid" 2>/dev/null || break; sleep 0.1; done
  dnsteer_pid=""
  prof=$(ls "$work"/profile/*.cpuprofile 2>/dev/null | head -1)
  if [ -n "$prof" ]; then
    mkdir -p "$root/.tmp" && cp "$prof" "$root/.tmp/bench-dns.cpuprofile"
    "${tsx[@]}" "$here/top-functions.ts" "$prof" 25
    echo "profile kept in .tmp/bench-dns.cpuprofile (open in Chrome DevTools > Performance)"
  else
    echo "no CPU profile was written (dnsteer did not exit cleanly)" >&2
  fi
fi
