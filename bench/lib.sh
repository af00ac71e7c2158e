# Shared parts of the dnsperf benchmarks (bench/dns/run.sh, bench/udp/run.sh); sourced, not run.
# The caller sets $root (the repository), $work (its temp folder) and $seconds (per dnsperf run).

tsx=(node --conditions=source --import "file://$root/node_modules/tsx/dist/loader.mjs")

need_tools() { # bench-name tool... : exit with the install hint when one is missing
  local bench=$1; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$bench needs $tool (apt-get install knot dnsperf dnsutils)" >&2; exit 1; }
  done
}

stop_pid() { # pid: TERM, then wait up to 5 s for it to go (only processes the script started)
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
}

# Knot with 1 UDP worker serving fixtures/zones/example.test.zone, started through
# fixtures/peers/knot.ts (temp conf, no journal). Sets knot_cli_pid, knot_port and knotd_pid.
knot_cli_pid=""
knotd_pid=""
start_knot() {
  "${tsx[@]}" "$root/fixtures/peers/start-knot-cli.ts" "example.test.=$root/fixtures/zones/example.test.zone" --udp-workers 1 \
    >"$work/knot.out" 2>"$work/knot.err" &
  knot_cli_pid=$!
  for _ in $(seq 100); do grep -qs '^port=' "$work/knot.out" && break; kill -0 "$knot_cli_pid" 2>/dev/null || break; sleep 0.1; done
  grep -qs '^port=' "$work/knot.out" || { echo "knot did not start:" >&2; cat "$work/knot.err" >&2; exit 1; }
  knot_port=$(sed -n 's/^port=\([0-9]*\) pid=.*/\1/p' "$work/knot.out")
  knotd_pid=$(sed -n 's/^port=[0-9]* pid=\([0-9]*\)/\1/p' "$work/knot.out")
}

stop_knot() { # the CLI stops knotd; knotd itself is killed only if it outlived the CLI
  stop_pid "$knot_cli_pid"
  if [ -n "$knotd_pid" ] && kill -0 "$knotd_pid" 2>/dev/null; then kill -KILL "$knotd_pid" 2>/dev/null || true; fi
}

wait_for_answer() { # port qname qtype pattern what: bounded wait until dig's answer matches
  for _ in $(seq 100); do
    if dig +short +time=1 +tries=1 -p "$1" @127.0.0.1 "$2" "$3" 2>/dev/null | grep -q "$4"; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $5 on port $1" >&2
  return 1
}

free_port() {
  "${tsx[@]}" "$root/bench/dns/free-port-cli.ts"
}

dnsperf_qps() { # port queries-file -> qps (100 outstanding, one client); the output is kept in $work/dnsperf.log
  dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$seconds" -c 1 -q 100 2>&1 \
    | tee -a "$work/dnsperf.log" | awk '/Queries per second/ {print int($4)}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# Other work on the box skews the servers unevenly: show the load so a reader can judge.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

report_lost_queries() {
  if grep -q 'Queries lost: *[1-9]' "$work/dnsperf.log"; then
    echo "note: some runs lost queries; their qps is still what dnsperf measured"
    grep 'Queries lost' "$work/dnsperf.log" | sort | uniq -c
  fi
}
