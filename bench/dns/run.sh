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
for tool in knotd dnsperf dig; do
  command -v "$tool" >/dev/null || { echo "bench:dns needs $tool (apt-get install knot dnsperf dnsutils)" >&2; exit 1; }
done

tsx=(node --conditions=source --import "file://$root/node_modules/tsx/dist/loader.mjs")
work=$(mktemp -d /tmp/dnsteer-bench-XXXXXX)
knot_cli_pid=""
knotd_pid=""
dnsteer_pid=""
ceiling_pid=""

cleanup() {
  if [ -n "$ceiling_pid" ]; then kill -TERM "$ceiling_pid" 2>/dev/null || true; fi
  # Only the processes this script started, by pid; dnsteer first so its profile gets written.
  if [ -n "$dnsteer_pid" ] && kill -0 "$dnsteer_pid" 2>/dev/null; then
    kill -TERM "$dnsteer_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$dnsteer_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$dnsteer_pid" 2>/dev/null || true
  fi
  if [ -n "$knot_cli_pid" ] && kill -0 "$knot_cli_pid" 2>/dev/null; then
    kill -TERM "$knot_cli_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$knot_cli_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$knotd_pid" ] && kill -0 "$knotd_pid" 2>/dev/null; then kill -KILL "$knotd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_soa() { # port: bounded wait until the server answers the zone's SOA
  for _ in $(seq 100); do
    if dig +short +time=1 +tries=1 -p "$1" @127.0.0.1 example.test SOA 2>/dev/null | grep -q hostmaster; then return 0; fi
    sleep 0.2
  done
  echo "no SOA answer on port $1" >&2
  return 1
}

# Knot: started through fixtures/peers/knot.ts (temp conf, 1 UDP worker, no journal).
"${tsx[@]}" "$root/fixtures/peers/start-knot-cli.ts" "example.test.=$root/fixtures/zones/example.test.zone" --udp-workers 1 \
  >"$work/knot.out" 2>"$work/knot.err" &
knot_cli_pid=$!
for _ in $(seq 100); do grep -qs '^port=' "$work/knot.out" && break; kill -0 "$knot_cli_pid" 2>/dev/null || break; sleep 0.1; done
grep -qs '^port=' "$work/knot.out" || { echo "knot did not start:" >&2; cat "$work/knot.err" >&2; exit 1; }
knot_port=$(sed -n 's/^port=\([0-9]*\) pid=.*/\1/p' "$work/knot.out")
knotd_pid=$(sed -n 's/^port=[0-9]* pid=\([0-9]*\)/\1/p' "$work/knot.out")

# dnsteer: the real command, on the same zone, logging only warnings.
dnsteer_port=$("${tsx[@]}" "$here/free-port-cli.ts")
node_flags=()
if [ "$profile" = 1 ]; then node_flags=(--cpu-prof --cpu-prof-dir="$work/profile"); fi
node "${node_flags[@]}" --conditions=source --import "file://$root/node_modules/tsx/dist/loader.mjs" \
  "$root/apps/dnsteer/src/main.ts" serve --config "$here/bench.config.json" --listen "127.0.0.1:$dnsteer_port" \
  >"$work/dnsteer.out" 2>&1 &
dnsteer_pid=$!
# Node's ceiling (static-a only): a bare dgram server answering a fixed A record.
ceiling_port=$("${tsx[@]}" "$here/free-port-cli.ts")
"${tsx[@]}" "$here/node-ceiling.ts" "$ceiling_port" >"$work/ceiling.out" 2>&1 &
ceiling_pid=$!
wait_for_soa "$knot_port"
wait_for_soa "$dnsteer_port" || { cat "$work/dnsteer.out" >&2; exit 1; }

run_dnsperf() { # port file -> qps
  dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$seconds" -c 1 -q 100 2>&1 \
    | tee -a "$work/dnsperf.log" | awk '/Queries per second/ {print int($4)}'
}

# Other work on the box skews both servers unevenly: show the load so a reader can judge.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "knot $(knotd --version | awk '{print $NF}') (1 UDP worker) on :$knot_port, dnsteer on :$dnsteer_port; $seconds s x $rounds rounds per server and file"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
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
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if grep -q 'Queries lost: *[1-9]' "$work/dnsperf.log"; then
  echo "note: some runs lost queries (see below); their qps is still what dnsperf measured"
  grep 'Queries lost' "$work/dnsperf.log" | sort | uniq -c
fi

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
