#!/usr/bin/env bash
# pnpm bench:udp --responder [--seconds N] [--workers N]
# The real responder (`dnsteer serve`) on its three UDP set-ups — node:dgram with 1 worker, the
# batch addon with 1 worker, the batch addon with N workers (default: cores) — against Knot and
# NSD with 1 and N workers, all serving fixtures/zones/example.test.zone on loopback, in one run:
#  - throughput: dnsperf, 8 clients (8 source ports, so SO_REUSEPORT spreads them), 100 outstanding;
#    static A (a zone answer) for all, and steered A (www.example.test steered, 4 dnsperf
#    processes from 127.0.1.1-127.0.4.1 at once) for dnsteer;
#  - latency: dnsperf -Q at 25 % and 50 % of each server's own static maximum, -v, every query's
#    latency collected: p50, p99, p99.9.
# Prints the table and the ratios. Stops only the processes it started, by pid.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=6
workers=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--workers N]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/dnsteer-bench-responder-XXXXXX)
source "$root/bench/lib.sh"
need_tools bench:udp knotd nsd dnsperf dig
pids=()
knot_clis=()

cleanup() {
  for p in "${pids[@]}"; do stop_pid "$p"; done
  for p in "${knot_clis[@]}"; do stop_pid "$p"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

zone="$root/fixtures/zones/example.test.zone"
declare -A port=()

start_dnsteer() { # name udp workers
  local p; p=$(free_port)
  cat >"$work/$1.json" <<JSON
{
  "listen": [{ "address": "127.0.0.1", "port": $p }],
  "zones": [{ "file": "$zone", "origin": "example.test." }],
  "dataDir": "data-$1",
  "log": { "level": "info" },
  "metrics": { "listen": null },
  "providers": [{ "name": "p1", "serviceA": ["203.0.113.80"] }, { "name": "p2", "serviceA": ["198.51.100.80"] }],
  "steering": { "names": [{ "name": "www.example.test." }], "defaultProvider": "p2" },
  "server": { "udp": "$2", "workers": $3 }
}
JSON
  "${tsx[@]}" "$root/apps/dnsteer/src/main.ts" serve --config "$work/$1.json" >"$work/$1.out" 2>&1 &
  pids+=($!)
  port[$1]=$p
}

start_knot_n() { # name workers
  "${tsx[@]}" "$root/fixtures/peers/start-knot-cli.ts" "example.test.=$zone" --udp-workers "$2" >"$work/$1.knot" 2>"$work/$1.err" &
  knot_clis+=($!)
  for _ in $(seq 150); do grep -qs '^port=' "$work/$1.knot" && break; sleep 0.1; done
  port[$1]=$(sed -n 's/^port=\([0-9]*\) pid=.*/\1/p' "$work/$1.knot")
  [ -n "${port[$1]}" ] || { echo "knot did not start" >&2; cat "$work/$1.err" >&2; exit 1; }
}

start_nsd() { # name workers
  local p; p=$(free_port)
  mkdir -p "$work/$1"
  awk 'length <= 255' "$zone" >"$work/$1/zone" # NSD refuses the fixture's one over-long TXT string
  cat >"$work/$1/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$p
  server-count: $2
  reuseport: yes
  username: ""
  chroot: ""
  zonesdir: "$work/$1"
  pidfile: "$work/$1/nsd.pid"
  database: ""
  zonelistfile: "$work/$1/zone.list"
  xfrdir: "$work/$1"
  xfrdfile: "$work/$1/xfrd.state"
  logfile: "$work/$1/nsd.log"
  verbosity: 0
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: example.test
  zonefile: "$work/$1/zone"
CONF
  nsd -d -c "$work/$1/nsd.conf" >/dev/null 2>&1 &
  pids+=($!)
  port[$1]=$p
}

n=$workers
start_knot_n knot1 1
start_knot_n "knot$n" "$n"
start_nsd nsd1 1
start_nsd "nsd$n" "$n"
start_dnsteer dgram1 dgram 1
start_dnsteer batch1 batch 1
start_dnsteer "batch$n" batch "$n"
servers=(knot1 "knot$n" nsd1 "nsd$n" dgram1 batch1 "batch$n")
for s in "${servers[@]}"; do
  wait_for_answer "${port[$s]}" www.example.test A '^[0-9]' "$s" || { cat "$work/$s.out" >&2 2>/dev/null; exit 1; }
done

static_qps() { # port -> qps; 8 clients (source ports), 100 outstanding
  dnsperf -s 127.0.0.1 -p "$1" -d "$root/bench/dns/$2.queries" -l "$seconds" -c 8 -q 100 2>&1 \
    | tee -a "$work/dnsperf.log" | awk '/Queries per second/ {print int($4)}'
}

sources_qps() { # port file -> summed qps of 4 dnsperf processes from 127.0.{1..4}.1 at once
  local k
  for k in 1 2 3 4; do
    dnsperf -a "127.0.$k.1" -s 127.0.0.1 -p "$1" -d "$root/bench/dns/$2.queries" -l "$seconds" -c 2 -q 25 \
      >"$work/steered.$k" 2>&1 &
  done
  wait_steered
  cat "$work"/steered.[1-4] >>"$work/dnsperf.log"
  awk '/Queries per second/ {s += $4} END {print int(s)}' "$work"/steered.[1-4]
}
wait_steered() { local j; for j in $(jobs -p); do case " ${pids[*]} ${knot_clis[*]} " in *" $j "*) ;; *) wait "$j" || true ;; esac; done; }

latency() { # port rate -> "p50 p99 p99.9" in ms, from dnsperf -v's per-query latencies
  dnsperf -s 127.0.0.1 -p "$1" -d "$root/bench/dns/static-a.queries" -l "$seconds" -c 8 -Q "$2" -v 2>/dev/null \
    | awk '/^> / {print $NF}' | sort -g | awk '{v[NR] = $1} END {
        if (NR == 0) { print "- - -"; exit }
        i50 = int(NR * 0.50); i99 = int(NR * 0.99); i999 = int(NR * 0.999)
        if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; if (i999 < 1) i999 = 1
        printf "%.3f %.3f %.3f", v[i50] * 1000, v[i99] * 1000, v[i999] * 1000 }'
}

echo "load average before: $(load_average) on $(nproc) cores; $seconds s per measurement; N = $n workers"
declare -A qps=() steered=() lat25=() lat50=()
for s in "${servers[@]}"; do
  case $s in knot*|nsd*) file=static-a ;; *) file=static-mail ;; esac # dnsteer: www is steered; mail is its static A
  qps[$s]=$(static_qps "${port[$s]}" "$file")
done
# from 4 source addresses: dnsteer's steered www A, the peers' static www A (the same generator)
for s in "${servers[@]}"; do steered[$s]=$(sources_qps "${port[$s]}" static-a); done
for s in "${servers[@]}"; do
  lat25[$s]=$(latency "${port[$s]}" $(( qps[$s] / 4 )))
  lat50[$s]=$(latency "${port[$s]}" $(( qps[$s] / 2 )))
done
echo "load average after: $(load_average)"

echo "4-source q/s: dnsteer's steered www A (steering on, default provider), the peers' static www A"
printf '%-8s %10s %12s %26s %26s\n' server "static q/s" "4-source q/s" "25% load p50/p99/p99.9 ms" "50% load p50/p99/p99.9 ms"
for s in "${servers[@]}"; do
  printf '%-8s %10s %12s %26s %26s\n' "$s" "${qps[$s]}" "${steered[$s]:--}" "$(echo "${lat25[$s]}" | tr ' ' /)" "$(echo "${lat50[$s]}" | tr ' ' /)"
done
p99() { echo "$1" | awk '{print $2}'; }
echo
echo "batch1/dgram1 static $(ratio "${qps[batch1]}" "${qps[dgram1]}"), steered $(ratio "${steered[batch1]}" "${steered[dgram1]}")"
echo "batch$n/batch1 static $(ratio "${qps["batch$n"]}" "${qps[batch1]}"), steered $(ratio "${steered["batch$n"]}" "${steered[batch1]}")"
echo "dnsteer/knot, 1 worker each: dgram $(ratio "${qps[dgram1]}" "${qps[knot1]}"), batch $(ratio "${qps[batch1]}" "${qps[knot1]}"); steered batch1 / knot1 static, 4 sources $(ratio "${steered[batch1]}" "${steered[knot1]}")"
echo "dnsteer/knot, $n workers each: batch$n/knot$n $(ratio "${qps["batch$n"]}" "${qps["knot$n"]}"); steered / static, 4 sources $(ratio "${steered["batch$n"]}" "${steered["knot$n"]}")"
echo "dnsteer/nsd: batch1/nsd1 $(ratio "${qps[batch1]}" "${qps[nsd1]}"), batch$n/nsd$n $(ratio "${qps["batch$n"]}" "${qps["nsd$n"]}"); steered, 4 sources: batch1/nsd1 $(ratio "${steered[batch1]}" "${steered[nsd1]}"), batch$n/nsd$n $(ratio "${steered["batch$n"]}" "${steered["nsd$n"]}")"
echo "p99 at 50% load, dnsteer/knot (1 worker): dgram $(ratio "$(p99 "${lat50[dgram1]}")" "$(p99 "${lat50[knot1]}")"), batch $(ratio "$(p99 "${lat50[batch1]}")" "$(p99 "${lat50[knot1]}")")"
for p in "${pids[@]}"; do stop_pid "$p"; done # dnsteer's log is flushed when it stops
for s in dgram1 batch1 "batch$n"; do
  echo "$s: $(grep -o '"transport":"[a-z]*".*"workers":[0-9]*' "$work/$s.out" || echo "(no 'UDP transport' line in its log)")"
done
report_lost_queries
