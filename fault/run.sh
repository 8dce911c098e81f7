#!/usr/bin/env bash
# The fault suite: the real tandem binary against the Bot API emulator with faults injected
# (kills, a full or read-only disk, floods, a slow API, dropped replies). Figures go in
# RELIABILITY.md. The disk scenarios mount a small tmpfs and need root; they skip otherwise.
#
#   bash fault/run.sh          # the full sizes (about 5 minutes)
#   bash fault/run.sh short    # small sizes, for CI (about 2 minutes)
#
# Sizes can also be set one by one: FAULT_PROMPTS, FAULT_DISK_PROMPTS, FAULT_DISK_SECONDS,
# FAULT_FLOOD, FAULT_SLOW_PROMPTS, FAULT_CRISES, FAULT_DROP_PROMPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = short ]; then
	export FAULT_PROMPTS="${FAULT_PROMPTS:-300}" FAULT_DISK_PROMPTS="${FAULT_DISK_PROMPTS:-300}" \
		FAULT_DISK_SECONDS="${FAULT_DISK_SECONDS:-10}" FAULT_FLOOD="${FAULT_FLOOD:-2000}" \
		FAULT_SLOW_PROMPTS="${FAULT_SLOW_PROMPTS:-100}" FAULT_CRISES="${FAULT_CRISES:-5}" \
		FAULT_DROP_PROMPTS="${FAULT_DROP_PROMPTS:-100}"
fi
go test -tags fault -count=1 -v -timeout 40m ./fault/ 2>&1 | grep -E 'FIGURE|^(--- |ok |FAIL|PASS)|_test.go:[0-9]+: '
