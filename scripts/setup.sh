#!/usr/bin/env bash
# Installs what dnsteer needs on a fresh Debian 12 machine: Debian packages (with --test, also
# the tools the tests drive: Knot, dig/kdig, dnsperf, unbound, iproute2, iptables, chromium, PostgreSQL; with --bench,
# those and PowerDNS for `pnpm bench:udp --responder`'s LUA-record comparison), pnpm 12.4.2, and the workspace's
# npm dependencies. Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(python3 make g++)
if [[ "${1:-}" == "--test" || "${1:-}" == "--bench" ]]; then
  apt_packages+=(knot knot-dnsutils nsd bind9 dnsutils dnsperf unbound iproute2 iptables iputils-ping procps util-linux chromium postgresql)
fi
if [[ "${1:-}" == "--bench" ]]; then
  apt_packages+=(pdns-server pdns-backend-bind)
fi
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  echo "setup: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# knotd is started by the tests themselves; stop the one the package enables, if any.
if [[ "${1:-}" == "--test" || "${1:-}" == "--bench" ]] && command -v systemctl >/dev/null && systemctl is-active -q knot 2>/dev/null; then
  systemctl stop knot || true
fi
# The bench starts its own pdns_server; the package's service would hold port 53 for nothing.
if [[ "${1:-}" == "--bench" ]] && command -v systemctl >/dev/null && systemctl is-active -q pdns 2>/dev/null; then
  systemctl stop pdns || true
  systemctl disable -q pdns 2>/dev/null || true
fi

if [[ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]]; then
  echo "setup: npm install -g pnpm@12.4.2"
  npm install -g -E pnpm@12.4.2 >/dev/null
fi
# pnpm 12 does not pass nodedir to node-gyp; without this it downloads Node headers (no network for that here).
export npm_config_nodedir=/usr
pnpm install --frozen-lockfile
