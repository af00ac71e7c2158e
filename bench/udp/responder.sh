#!/usr/bin/env bash
# pnpm bench:udp --responder [--seconds N] [--workers N] [--sources N] [--prefixes N] [--rebuilds N] [--no-map] [--no-pdns]
# The real responder (`dnsteer serve`) on its three UDP set-ups — node:dgram with 1 worker, the
# batch addon with 1 worker, the batch addon with N workers (default: cores) — against Knot and
# NSD with 1 and N workers, all serving fixtures/zones/example.test.zone on loopback, in one run:
#  - throughput: dnsperf, 8 clients (8 source ports, so SO_REUSEPORT spreads them), 100 outstanding;
#    static A (a zone answer) for all, and steered A (www.example.test steered, 4 dnsperf
#    processes from 127.0.1.1-127.0.4.1 at once) for dnsteer;
#  - latency: dnsperf -Q at 25 % and 50 % of each server's own static maximum, -v, every query's
#    latency collected: p50, p99, p99.9.
#  - PowerDNS (pdns_server, bind backend, 1 receiver + 1 distributor thread, packet cache off) with
#    www.example.test as a LUA A record choosing by the querier's netmask, with and without
#    enable-lua-records=shared, against dnsteer's steered www from the same --sources addresses;
#  - map1m: dnsteer (addon, 1 worker) serving a --prefixes decision map (default 1M, seeded into its
#    store, cached in .tmp/bench-udp/), its RSS, and its latency at 50 % load with and without the
#    map being changed underneath (--rebuilds times: a prefix added = a full rebuild, then its
#    provider changed = the last map patched, alternately), then the
#    in-process map figures (decision-map.ts).
# Prints the table and the ratios. Stops only the processes it started, by pid.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=6
workers=$(nproc)
sources=4
prefixes=1000000
rebuilds=3
with_map=1
with_pdns=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --sources) sources=$2; shift 2 ;;
    --prefixes) prefixes=$2; shift 2 ;;
    --rebuilds) rebuilds=$2; shift 2 ;;
    --no-map) with_map=0; shift ;;
    --no-pdns) with_pdns=0; shift ;;
    *) echo "usage: $0 [--seconds N] [--workers N] [--sources N] [--prefixes N] [--rebuilds N] [--no-map] [--no-pdns]" >&2; exit 2 ;;
  esac
done
[ "$sources" -ge 1 ] && [ "$sources" -le 200 ] || { echo "--sources: 1 to 200 (127.0.K.1)" >&2; exit 2; }
work=$(mktemp -d /tmp/dnsteer-bench-responder-XXXXXX)
source "$root/bench/lib.sh"
need_tools bench:udp knotd nsd dnsperf dig
if [ "$with_pdns" = 1 ] && ! command -v pdns_server >/dev/null; then
  echo "bench:udp --responder needs pdns_server for the LUA comparison (apt-get install pdns-server pdns-backend-bind, or bash scripts/setup.sh --bench), or pass --no-pdns" >&2
  exit 1
fi
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
declare -A port=() pid_of=() metrics_port=()

start_dnsteer() { # name udp workers [store file to start from]
  local p m; p=$(free_port); m=$(free_port)
  if [ -n "${4:-}" ]; then mkdir -p "$work/data-$1" && cp "$4" "$work/data-$1/dnsteer.sqlite"; fi
  cat >"$work/$1.json" <<JSON
{
  "listen": [{ "address": "127.0.0.1", "port": $p }],
  "zones": [{ "file": "$zone", "origin": "example.test." }],
  "dataDir": "data-$1",
  "log": { "level": "info" },
  "metrics": { "listen": { "address": "127.0.0.1", "port": $m } },
  "providers": [{ "name": "p1", "serviceA": ["203.0.113.80"] }, { "name": "p2", "serviceA": ["198.51.100.80"] }],
  "steering": { "names": [{ "name": "www.example.test." }], "defaultProvider": "p2" },
  "server": { "udp": "$2", "workers": $3 }
}
JSON
  "${tsx[@]}" "$root/apps/dnsteer/src/main.ts" serve --config "$work/$1.json" >"$work/$1.out" 2>&1 &
  pids+=($!)
  pid_of[$1]=$!
  port[$1]=$p
  metrics_port[$1]=$m
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

start_pdns() { # name lua-mode (yes | shared): 1 receiver + 1 distributor thread, packet cache off
  local p; p=$(free_port)
  mkdir -p "$work/$1"
  # The LUA record's rule is the decision map's for the bench's sources: odd 127.0.K.0/24 -> p1, the rest p2.
  local odd="" k
  for ((k = 1; k <= sources; k += 2)); do odd+="${odd:+,}'127.0.$k.0/24'"; done
  cat >"$work/$1/zone" <<ZONE
\$ORIGIN example.test.
\$TTL 3600
@ IN SOA ns1 hostmaster 2024010101 7200 900 1209600 300
@ IN NS ns1
@ IN NS ns2
ns1 IN A 192.0.2.53
ns2 IN A 198.51.100.53
mail IN A 192.0.2.25
www 30 IN LUA A ";if netmask({$odd}) then return '203.0.113.80' end return '198.51.100.80'"
ZONE
  echo "zone \"example.test\" { type master; file \"$work/$1/zone\"; };" >"$work/$1/named.conf"
  cat >"$work/$1/pdns.conf" <<CONF
launch=bind
bind-config=$work/$1/named.conf
local-address=127.0.0.1
local-port=$p
socket-dir=$work/$1
daemon=no
guardian=no
disable-syslog=yes
write-pid=no
security-poll-suffix=
enable-lua-records=$2
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
receiver-threads=1
distributor-threads=1
loglevel=3
CONF
  pdns_server --config-dir="$work/$1" >"$work/$1/log" 2>&1 &
  pids+=($!)
  pid_of[$1]=$!
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
if [ "$with_pdns" = 1 ]; then
  start_pdns pdns-lua yes
  start_pdns pdns-shared shared
  servers+=(pdns-lua pdns-shared)
fi
if [ "$with_map" = 1 ]; then
  # 1M decisions take minutes to write on a busy box: seeded once, then started from a copy.
  map_store="$root/.tmp/bench-udp/decisions-$prefixes.sqlite"
  if [ ! -s "$map_store" ]; then
    mkdir -p "$(dirname "$map_store")"
    echo "seeding $prefixes decisions into $map_store (once) ..."
    "${tsx[@]}" "$here/decision-map.ts" --seed "$map_store.new" --prefixes "$prefixes"
    mv "$map_store.new" "$map_store"
  fi
  map_started=$(date +%s.%N)
  start_dnsteer map1m batch 1 "$map_store"
  servers+=(map1m)
fi
for s in "${servers[@]}"; do
  wait_for_answer "${port[$s]}" www.example.test A '^[0-9]' "$s" || { cat "$work/$s.out" "$work/$s/log" >&2 2>/dev/null; exit 1; }
done
if [ "$with_map" = 1 ]; then
  # The refresh thread builds the map after start; until then www gets the default provider (p2).
  for _ in $(seq 1200); do
    [ "$(dig +short +time=1 +tries=1 -b 127.0.1.1 -p "${port[map1m]}" @127.0.0.1 www.example.test A)" = 203.0.113.80 ] && break
    sleep 0.5
  done
  [ "$(dig +short +time=1 +tries=1 -b 127.0.1.1 -p "${port[map1m]}" @127.0.0.1 www.example.test A)" = 203.0.113.80 ] \
    || { echo "map1m never answered 127.0.1.1 from its decision map" >&2; exit 1; }
  map_ready=$(awk -v a="$map_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  # The map's own part: from serve's first log line to its first "decisions refreshed" with the map in it
  # (launch time is mostly tsx compiling the app beside the other servers starting).
  map_build=$(node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } });
    const first = lines[0]?.time, ready = lines.find((l) => l.msg === "decisions refreshed" && l.decisions > 0)?.time;
    console.log(first && ready ? ((ready - first) / 1000).toFixed(1) : "?");' "$work/map1m.out")
fi
# Every server must steer (or answer) alike from the bench's sources: odd 127.0.K.1 -> p1, even -> p2.
for s in pdns-lua pdns-shared map1m; do
  [ -n "${port[$s]:-}" ] || continue
  got="$(dig +short +time=1 +tries=1 -b 127.0.1.1 -p "${port[$s]}" @127.0.0.1 www.example.test A) $(dig +short +time=1 +tries=1 -b 127.0.2.1 -p "${port[$s]}" @127.0.0.1 www.example.test A)"
  [ "$got" = "203.0.113.80 198.51.100.80" ] || { echo "$s: 127.0.1.1 / 127.0.2.1 got '$got', not p1 / p2" >&2; exit 1; }
done

static_qps() { # port -> qps; 8 clients (source ports), 100 outstanding
  dnsperf -s 127.0.0.1 -p "$1" -d "$root/bench/dns/$2.queries" -l "$seconds" -c 8 -q 100 2>&1 \
    | tee -a "$work/dnsperf.log" | awk '/Queries per second/ {print int($4)}'
}

# port file -> summed qps of $sources dnsperf processes at once, from 127.0.1.1 .. 127.0.$sources.1,
# 2 clients each, ~100 queries outstanding in all
sources_qps() {
  local k per=$(( (100 + sources - 1) / sources ))
  rm -f "$work"/steered.*
  for ((k = 1; k <= sources; k++)); do
    dnsperf -a "127.0.$k.1" -s 127.0.0.1 -p "$1" -d "$root/bench/dns/$2.queries" -l "$seconds" -c 2 -q "$per" \
      >"$work/steered.$k" 2>&1 &
  done
  wait_steered
  cat "$work"/steered.* >>"$work/dnsperf.log"
  awk '/Queries per second/ {s += $4} END {print int(s)}' "$work"/steered.*
}
wait_steered() { local j; for j in $(jobs -p); do case " ${pids[*]} ${knot_clis[*]} " in *" $j "*) ;; *) wait "$j" || true ;; esac; done; }

latency() { # port rate -> "p50 p99 p99.9" in ms, from dnsperf -v's per-query latencies
  dnsperf -s 127.0.0.1 -p "$1" -d "$root/bench/dns/static-a.queries" -l "$seconds" -c 8 -Q "$2" -v 2>/dev/null \
    | awk '/^> / {print $NF}' | sort -g | percentiles
}
percentiles() { # sorted latencies in s, one a line -> "p50 p99 p99.9" in ms
  awk '{v[NR] = $1} END {
        if (NR == 0) { print "- - -"; exit }
        i50 = int(NR * 0.50); i99 = int(NR * 0.99); i999 = int(NR * 0.999)
        if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; if (i999 < 1) i999 = 1
        printf "%.3f %.3f %.3f", v[i50] * 1000, v[i99] * 1000, v[i999] * 1000 }'
}
# a / b to 2 places; "-" when either is missing or b is 0 (a server left out, or nothing answered)
rt() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || a == "-" || b == "" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b}'; }
pct() { echo "$1" | awk -v f="$2" '{print $f}'; } # "p50 p99 p99.9" field: 1, 2, 3
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo -; }

echo "load average before: $(load_average) on $(nproc) cores; $seconds s per measurement; N = $n workers; $sources source addresses"
declare -A qps=() mixed=() steered=() lat25=() lat50=()
for s in "${servers[@]}"; do
  case $s in knot*|nsd*) file=static-a ;; *) file=static-mail ;; esac # dnsteer, pdns: www is steered; mail is a static A
  qps[$s]=$(static_qps "${port[$s]}" "$file")
  # bench/dns/mixed.queries (apex types, glue, CNAME chains, wildcard, NXDOMAIN, NODATA, referral, DNAME,
  # long TXT, unknown type, REFUSED): Knot, NSD and dnsteer's responder set-ups (not PowerDNS, not map1m)
  case $s in pdns*|map1m) ;; *) mixed[$s]=$(static_qps "${port[$s]}" mixed) ;; esac
done
# from $sources source addresses: dnsteer's steered www A, PowerDNS's LUA www A, Knot's and NSD's static www A
# CPU the server process used (all its threads), in clock ticks: the steered runs are also given per
# CPU-second, since on a small box the four dnsperf processes cap every fast server at the same rate.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
declare -A steered_cpu=()
for s in "${servers[@]}"; do
  before=$( [ -n "${pid_of[$s]:-}" ] && cpu_ticks "${pid_of[$s]}" || echo 0)
  steered[$s]=$(sources_qps "${port[$s]}" static-a)
  if [ -n "${pid_of[$s]:-}" ]; then
    used=$(( $(cpu_ticks "${pid_of[$s]}") - before ))
    steered_cpu[$s]=$(awk -v q="${steered[$s]}" -v t="$used" -v hz="$(getconf CLK_TCK)" -v sec="$seconds" \
      'BEGIN {if (t <= 0) print "-"; else printf "%.0f", q * sec / (t / hz)}')
  fi
done
declare -A stalls=()
for s in "${servers[@]}"; do
  case $s in pdns*) continue ;; esac # the latency comparison is dnsteer vs Knot (and NSD)
  lat25[$s]=$(latency "${port[$s]}" $(( qps[$s] / 4 )))
  # dnsteer: what stalled its loop during the 50 % run (GC pauses, event-loop delay), from its /metrics
  [ -n "${metrics_port[$s]:-}" ] && curl -s "http://127.0.0.1:${metrics_port[$s]}/metrics" >"$work/metrics.before"
  lat50[$s]=$(latency "${port[$s]}" $(( qps[$s] / 2 )))
  if [ -n "${metrics_port[$s]:-}" ]; then
    curl -s "http://127.0.0.1:${metrics_port[$s]}/metrics" >"$work/metrics.after"
    stalls[$s]=$("${tsx[@]}" "$here/loop-profile.ts" "$work/metrics.before" "$work/metrics.after" "$seconds")
  fi
done
if [ "$with_map" = 1 ]; then
  # The same 50 % load on map1m while its map changes underneath: --rebuilds times, alternately a
  # prefix added (a full rebuild in the refresh thread) and its provider changed (a patch), each
  # ending in a swap on the answering thread.
  map_rss=$(rss_mb "${pid_of[map1m]}"); plain_rss=$(rss_mb "${pid_of[batch1]}")
  "${tsx[@]}" "$here/decision-map.ts" --churn "$work/data-map1m/dnsteer.sqlite" --port "${port[map1m]}" --rebuilds "$rebuilds" \
    >"$work/churn.out" 2>&1 &
  churn_pid=$!
  : >"$work/lat.during"
  # dnsperf runs of --seconds each, back to back, until the last rebuild has been answered from
  while :; do
    dnsperf -s 127.0.0.1 -p "${port[map1m]}" -d "$root/bench/dns/static-a.queries" -l "$seconds" -c 8 -Q $(( qps[map1m] / 2 )) -v 2>/dev/null \
      | awk '/^> / {print $NF}' >>"$work/lat.during"
    kill -0 "$churn_pid" 2>/dev/null || break
  done
  lat50rebuild=$(sort -g "$work/lat.during" | percentiles)
  wait "$churn_pid" || true
fi
echo "load average after: $(load_average)"

printf '%-11s %10s %10s %14s %26s %26s\n' server "static q/s" "mixed q/s" "$sources-source q/s" "25% load p50/p99/p99.9 ms" "50% load p50/p99/p99.9 ms"
for s in "${servers[@]}"; do
  printf '%-11s %10s %10s %14s %26s %26s\n' "$s" "${qps[$s]}" "${mixed[$s]:--}" "${steered[$s]:--}" "$(echo "${lat25[$s]:--}" | tr ' ' /)" "$(echo "${lat50[$s]:--}" | tr ' ' /)"
done
echo "  $sources-source q/s: dnsteer's steered www A (dgram1/batch*: empty decision map, every source on the default"
echo "  provider; map1m: the $prefixes-prefix map, odd 127.0.K.1 on p1), PowerDNS's LUA www A (netmask rule,"
echo "  the same split), Knot's and NSD's static www A. static q/s: mail A (a plain zone answer) on dnsteer and PowerDNS."
echo
echo "batch1/dgram1 static $(rt "${qps[batch1]}" "${qps[dgram1]}"), steered $(rt "${steered[batch1]}" "${steered[dgram1]}")"
echo "batch$n/batch1 static $(rt "${qps["batch$n"]}" "${qps[batch1]}"), steered $(rt "${steered["batch$n"]}" "${steered[batch1]}")"
echo "dnsteer/knot, 1 worker each: dgram $(rt "${qps[dgram1]}" "${qps[knot1]}"), batch $(rt "${qps[batch1]}" "${qps[knot1]}") (target >= 0.8); steered batch1 / knot1 static, $sources sources $(rt "${steered[batch1]}" "${steered[knot1]}"), map1m $(rt "${steered[map1m]:-}" "${steered[knot1]}") (target >= 0.7)"
echo "mixed queries, dnsteer/knot: 1 worker each batch1/knot1 $(rt "${mixed[batch1]:-}" "${mixed[knot1]:-}"), dgram1/knot1 $(rt "${mixed[dgram1]:-}" "${mixed[knot1]:-}"); $n workers each batch$n/knot$n $(rt "${mixed["batch$n"]:-}" "${mixed["knot$n"]:-}")"
echo "dnsteer/knot, $n workers each: batch$n/knot$n $(rt "${qps["batch$n"]}" "${qps["knot$n"]}"); steered / static, $sources sources $(rt "${steered["batch$n"]}" "${steered["knot$n"]}")"
echo "dnsteer/nsd: batch1/nsd1 $(rt "${qps[batch1]}" "${qps[nsd1]}"), batch$n/nsd$n $(rt "${qps["batch$n"]}" "${qps["nsd$n"]}"); steered, $sources sources: batch1/nsd1 $(rt "${steered[batch1]}" "${steered[nsd1]}"), batch$n/nsd$n $(rt "${steered["batch$n"]}" "${steered["nsd$n"]}")"
if [ "$with_pdns" = 1 ]; then
  echo "steered, $sources sources, dnsteer / PowerDNS LUA with shared state (1 thread each, packet cache off; target >= 4): batch1 $(rt "${steered[batch1]}" "${steered[pdns-shared]}"), map1m $(rt "${steered[map1m]:-}" "${steered[pdns-shared]}"), dgram1 $(rt "${steered[dgram1]}" "${steered[pdns-shared]}")"
  echo "  per CPU-second of the server (answers / CPU time its process used): batch1 ${steered_cpu[batch1]:--}, map1m ${steered_cpu[map1m]:--}, pdns-shared ${steered_cpu[pdns-shared]:--}, pdns-lua ${steered_cpu[pdns-lua]:--}; dnsteer / PowerDNS LUA shared per CPU-second: batch1 $(rt "${steered_cpu[batch1]:-}" "${steered_cpu[pdns-shared]:-}"), map1m $(rt "${steered_cpu[map1m]:-}" "${steered_cpu[pdns-shared]:-}")"
  echo "steered, $sources sources, dnsteer / PowerDNS LUA without shared state: batch1 $(rt "${steered[batch1]}" "${steered[pdns-lua]}"), map1m $(rt "${steered[map1m]:-}" "${steered[pdns-lua]}")"
  echo "PowerDNS LUA, $sources sources / Knot static: shared $(rt "${steered[pdns-shared]}" "${steered[knot1]}"), not shared $(rt "${steered[pdns-lua]}" "${steered[knot1]}"); PowerDNS static mail A / Knot static $(rt "${qps[pdns-shared]}" "${qps[knot1]}")"
  for s in pdns-lua pdns-shared; do
    echo "$s packet cache: hits $(pdns_control --config-dir="$work/$s" show packetcache-hit 2>/dev/null || echo '?'), misses $(pdns_control --config-dir="$work/$s" show packetcache-miss 2>/dev/null || echo '?') (cache-ttl=0: off), udp queries $(pdns_control --config-dir="$work/$s" show udp-queries 2>/dev/null || echo '?')"
  done
fi
for l in 25 50; do
  declare -n lat="lat$l"
  echo "at $l% load, dnsteer/knot (1 worker): p99 dgram $(rt "$(pct "${lat[dgram1]}" 2)" "$(pct "${lat[knot1]}" 2)"), batch $(rt "$(pct "${lat[batch1]}" 2)" "$(pct "${lat[knot1]}" 2)") (target <= 1.5); p99.9 dgram $(rt "$(pct "${lat[dgram1]}" 3)" "$(pct "${lat[knot1]}" 3)"), batch $(rt "$(pct "${lat[batch1]}" 3)" "$(pct "${lat[knot1]}" 3)") (target <= 2)"
  echo "at $l% load, dnsteer/knot ($n workers): p99 batch$n $(rt "$(pct "${lat["batch$n"]}" 2)" "$(pct "${lat["knot$n"]}" 2)"), p99.9 $(rt "$(pct "${lat["batch$n"]}" 3)" "$(pct "${lat["knot$n"]}" 3)")"
  unset -n lat
done
for p in "${pids[@]}"; do stop_pid "$p"; done # dnsteer's log is flushed when it stops
for s in dgram1 batch1 "batch$n"; do
  echo "$s: $(grep -o '"transport":"[a-z]*".*"workers":[0-9]*' "$work/$s.out" || echo "(no 'UDP transport' line in its log)")"
done
echo "what stalled dnsteer's loop during its 50 % run (its main thread: the answering one with 1 worker):"
for s in "${servers[@]}"; do if [ -n "${stalls[$s]:-}" ]; then echo "  $s: ${stalls[$s]}"; fi; done
if [ "$with_map" = 1 ]; then
  echo
  echo "map1m ($prefixes decisions, addon, 1 worker): first answer from the map ${map_ready} s after launch (start-up included; from serve's first log line to the map refreshed: ${map_build} s); RSS ${map_rss} MB (batch1, empty map: ${plain_rss} MB)"
  echo "map1m, 50% load p50/p99/p99.9 ms: quiet $(echo "${lat50[map1m]}" | tr ' ' /), during rebuilds $(echo "$lat50rebuild" | tr ' ' /); p99.9 during/quiet $(rt "$(pct "$lat50rebuild" 3)" "$(pct "${lat50[map1m]}" 3)") ($(wc -l <"$work/lat.during") queries during $rebuilds rebuilds)"
  cat "$work/churn.out"
  echo
  "${tsx[0]}" --expose-gc "${tsx[@]:1}" "$here/decision-map.ts" --db "$map_store" --prefixes "$prefixes"
fi
report_lost_queries
