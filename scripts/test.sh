#!/usr/bin/env bash
# One command from a fresh checkout to a full test run: installs (with the Debian tools the
# tests drive), type-checks, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
pnpm typecheck
pnpm test
