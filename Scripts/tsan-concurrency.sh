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

# The toolchain's own false positive, for comparison: a Synchronization.Mutex counter that counts
# exactly and still draws reports (ScopeFlow's Session uses a pthread mutex for this reason).
probe="$(mktemp -d -t scopeflow-tsan-probe.XXXXXX)"
if swiftc -sanitize=thread -O Scripts/tsan-mutex-false-positive.swift -o "$probe/probe" 2>/dev/null; then
    probe_out="$(TSAN_OPTIONS=halt_on_error=0 "$probe/probe" 2>&1 || true)"
    echo "tsan-concurrency: the Mutex probe $(grep -m1 counted <<<"$probe_out") and drew" \
        "$(grep -c "WARNING: ThreadSanitizer" <<<"$probe_out" || true) report(s) (a toolchain false positive when above 0)"
fi
rm -rf "$probe"
[ "$reports" -eq 0 ]
