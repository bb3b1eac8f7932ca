#!/usr/bin/env bash
# Runs the concurrency tests under ThreadSanitizer and fails on any report.
#   Scripts/tsan-concurrency.sh [FILTER]
# FILTER defaults to the suites that share sessions and graphs between threads. The build goes to
# .build-tsan (its own folder: sanitized objects never mix with the normal build).
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-SessionConcurrency|GraphOwnership}"
log="$(mktemp -t scopeflow-tsan.XXXXXX)"
# halt_on_error=0 lets every report print; the script counts them.
if ! TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1" \
    swift test --scratch-path .build-tsan --sanitize=thread --filter "$filter" 2>&1 | tee "$log"; then
    echo "tsan-concurrency: the tests failed (log: $log)" >&2
    exit 1
fi
reports=$(grep -c "WARNING: ThreadSanitizer" "$log" || true)
echo "tsan-concurrency: $reports ThreadSanitizer report(s) (filter: $filter; log: $log)"
[ "$reports" -eq 0 ]
