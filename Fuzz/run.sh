#!/usr/bin/env bash
# Builds ScopeFlow's libFuzzer targets and runs each in turn, then prints one line per target:
# executions, seconds, crashes.
#
#   Fuzz/run.sh [--runs N | --time SECONDS] [TARGET...]
#
# Targets default to all of them (fuzz-checkpoint, fuzz-checkpoint-state, fuzz-events,
# fuzz-graphdef, fuzz-numpy, fuzz-metagraph, fuzz-trace, fuzz-json, fuzz-conformance); --runs defaults to 1,000,000 executions per target.
# Each target starts from its committed seeds (Fuzz/Seeds/<target>) plus what earlier runs found
# (Fuzz/corpus/<target>, not committed); a crashing input is written to Fuzz/crashes/<target>/.
#
# Limits, the same for every target:
#   -malloc_limit_mb=1024  no single allocation over 1 GiB: every fixture and seed reads with
#                          allocations of a few KB, so a GiB can only come from a size the reader
#                          took from the file without checking it against the bytes there;
#   -rss_limit_mb=2048     the process stays under 2 GiB resident (ASan's shadow memory and
#                          quarantine included), so slow growth across inputs is caught too;
#   -timeout=10            no input takes 10 s (a hang or a quadratic blow-up).
# Leaks are reported by LeakSanitizer at the end of each input (libFuzzer's default -detect_leaks=1).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
all=(fuzz-checkpoint fuzz-checkpoint-state fuzz-events fuzz-graphdef fuzz-numpy fuzz-metagraph fuzz-trace fuzz-json fuzz-conformance)
budget=(-runs=1000000)
targets=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) budget=(-runs="$2"); shift 2 ;;
        --time) budget=(-max_total_time="$2"); shift 2 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")
for target in "${targets[@]}"; do
    [[ " ${all[*]} " == *" $target "* ]] || { echo "unknown target $target (one of: ${all[*]})" >&2; exit 64; }
done

swift build -c release --package-path "$here" --sanitize=fuzzer --sanitize=address
bin="$(swift build -c release --package-path "$here" --show-bin-path)"

report=()
failed=0
for target in "${targets[@]}"; do
    corpus="$here/corpus/$target" crashes="$here/crashes/$target" log="$here/logs/$target.log"
    mkdir -p "$corpus" "$crashes" "$here/logs"
    before=$(ls "$crashes" | wc -l)
    start=$(date +%s)
    status=0
    "$bin/$target" "${budget[@]}" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" "$here/Seeds/$target" >"$log" 2>&1 || status=$?
    seconds=$(( $(date +%s) - start ))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    found=$(( $(ls "$crashes" | wc -l) - before ))
    [[ $status -eq 0 && $found -eq 0 ]] || failed=1
    line="$(printf '%-22s %12s executions %7s s %3s crashes' "$target" "${executions:-?}" "$seconds" "$found")"
    [[ $status -eq 0 ]] || line+="  (exit $status; see $log)"
    echo "$line"
    report+=("$line")
done
echo
printf '%s\n' "${report[@]}"
exit $failed
