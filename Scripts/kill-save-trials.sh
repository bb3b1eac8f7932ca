#!/usr/bin/env bash
# kill -9 during checkpoint saves: runs `scopeflow demo` over and over, every run saving to the
# same prefix (OUT/demo/model.ckpt), and kills each run with SIGKILL at a random moment of its
# save (a uniform delay in [0, WINDOW_MS] after the save's first temporary file appears, so the
# kills land inside the save rather than in the examples the demo runs first). After each trial
# `scopeflow inspect PREFIX --values` must read the checkpoint (every checksum checked; no
# recovery step runs, so this is what TensorFlow sees too), and no temporary file may remain
# once the next run's save has started. Then a disk-full trial: runs whose file-size limit
# (RLIMIT_FSIZE, with SIGXFSZ ignored) stops the data file midway must fail cleanly and leave
# the previous checkpoint loadable.
#
# Usage: Scripts/kill-save-trials.sh [TRIALS=60] [WINDOW_MS=40]
#   SCOPEFLOW=path/to/scopeflow (default .build/release/scopeflow; build it with
#   `swift build -c release --product scopeflow`). Prints `N/M loadable` and exits 1 unless N = M.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BINARY="${SCOPEFLOW:-$ROOT/.build/release/scopeflow}"
[ -x "$BINARY" ] || { echo "no scopeflow binary at $BINARY; build it or set SCOPEFLOW" >&2; exit 2; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

exec python3 - "$BINARY" "$OUT" "${1:-60}" "${2:-40}" <<'PY'
import os, random, resource, signal, subprocess, sys, time

binary, out, trials, window_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
folder = os.path.join(out, "demo")
prefix = os.path.join(folder, "model.ckpt")
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def temporaries():
    return {name for name in os.listdir(folder) if ".tempstate" in name}

def load():
    """The checkpoint's printed values, or None when it does not load."""
    run = subprocess.run([binary, "inspect", prefix, "--values"], capture_output=True)
    return run.stdout if run.returncode == 0 else None

subprocess.run([binary, "demo", "--out", out], check=True, **quiet)
previous = load()
assert previous is not None, "the first save does not load"
loadable = killed_mid_save = completed = 0
stale = []
for trial in range(trials):
    before = temporaries()
    run = subprocess.Popen([binary, "demo", "--out", out], **quiet)
    while run.poll() is None and not (temporaries() - before):
        pass
    # The save has started, so it has deleted what earlier killed runs left.
    stale += sorted(before & temporaries())
    time.sleep(random.uniform(0, window_ms / 1000))
    if run.poll() is None:
        run.send_signal(signal.SIGKILL)
        run.wait()
        killed_mid_save += bool(temporaries() - before)
    else:
        completed += 1
    values = load()
    if values is None:
        print(f"trial {trial + 1}: the checkpoint does not load", file=sys.stderr)
    else:
        loadable += 1
        previous = values

print(f"{loadable}/{trials} loadable (same prefix overwritten each trial; {killed_mid_save} killed with "
      f"temporary files on disk, {trials - killed_mid_save - completed} killed between files, "
      f"{completed} finished before the kill)")
if stale:
    print(f"temporary files a later save did not delete: {stale}", file=sys.stderr)

# Disk full: the data file of the next save may grow to half its size only.
data = prefix + ".data-00000-of-00001"
limit = os.path.getsize(data) // 2
def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
full = subprocess.run([binary, "demo", "--out", out], preexec_fn=limited, capture_output=True, text=True)
after = load()
full_ok = full.returncode != 0 and after is not None and not temporaries()
reason = (full.stderr.strip().splitlines() or ["(no message)"])[-1]
print(f"disk-full save: {'failed cleanly' if full_ok else 'NOT clean'}, previous checkpoint "
      f"{'loads' if after is not None else 'LOST'}, temporaries left: {sorted(temporaries())} ({reason})")
sys.exit(0 if loadable == trials and not stale and full_ok else 1)
PY
