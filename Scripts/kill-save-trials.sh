#!/usr/bin/env bash
# kill -9 during checkpoint saves: runs `scopeflow demo` over and over, every run saving to the
# same prefix (OUT/demo/model.ckpt), and kills each run with SIGKILL at a random moment of its
# save (a uniform delay in [0, WINDOW_MS] after the save's first temporary file appears, so the
# kills land inside the save rather than in the examples the demo runs first). After each trial
# `scopeflow inspect PREFIX --values` must read the checkpoint (every checksum checked; no
# recovery step runs, so this is what TensorFlow sees too) and print the old values or the new
# ones (every other trial overwrites an older checkpoint with other tensors, put back at the
# prefix before the run), and no temporary file may remain
# once the next run's save has started. (Failing saves, as on a full disk, are tested at every
# step in AtomicSaveTests: the demo's event file is larger than its checkpoint, so a file-size
# limit cannot stop its save alone.)
#
# Usage: Scripts/kill-save-trials.sh [TRIALS=60] [WINDOW_MS=40]
#   SCOPEFLOW=path/to/scopeflow (default .build/release/scopeflow; build it with
#   `swift build -c release --product scopeflow`). PYTHON=a python with tensorflow makes
#   TensorFlow read every checkpoint too (tf.train.latest_checkpoint, then every tensor).
#   Prints `N/M loadable` and exits 1 unless N = M.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BINARY="${SCOPEFLOW:-$ROOT/.build/release/scopeflow}"
[ -x "$BINARY" ] || { echo "no scopeflow binary at $BINARY; build it or set SCOPEFLOW" >&2; exit 2; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

exec "${PYTHON:-python3}" - "$BINARY" "$OUT" "${1:-60}" "${2:-40}" <<'PY'
import os, random, shutil, signal, subprocess, sys, time

binary, out, trials, window_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
folder = os.path.join(out, "demo")
prefix = os.path.join(folder, "model.ckpt")
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def temporaries():
    return {name for name in os.listdir(folder) if ".tempstate" in name}

try:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
except ImportError:
    tf = None

def tf_loads():
    """True when TensorFlow finds the checkpoint through the folder and reads every tensor."""
    try:
        assert tf.train.latest_checkpoint(folder) == prefix
        reader = tf.train.load_checkpoint(prefix)
        for name in reader.get_variable_to_shape_map():
            reader.get_tensor(name)
        return True
    except Exception as error:
        print(f"TensorFlow: {error}", file=sys.stderr)
        return False

def load():
    """The checkpoint's printed values, or None when ScopeFlow (or TensorFlow) does not load it."""
    run = subprocess.run([binary, "inspect", prefix, "--values"], capture_output=True)
    if run.returncode != 0 or (tf and not tf_loads()):
        return None
    return run.stdout

# The demo saves the same values every run, so every other trial first puts an older checkpoint
# with other tensors (the RNN example's) back at the prefix: a mix of its files and the demo's
# cannot pass for either.
subprocess.run([binary, "example", "rnn", "--steps", "1", "--out", out], check=True, **quiet)
older = os.path.join(out, "rnn", "model.ckpt-1")
subprocess.run([binary, "demo", "--out", out], check=True, **quiet)
new = load()
assert new is not None, "the demo's checkpoint does not load"
loadable = killed_mid_save = completed = 0
stale = []
for trial in range(trials):
    if trial % 2 == 0 or load() is None:  # (a trial that broke the checkpoint was counted)
        for suffix in (".index", ".data-00000-of-00001"):
            shutil.copyfile(older + suffix, prefix + suffix)
    previous = load()
    assert previous is not None
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
    elif values not in (previous, new):
        print(f"trial {trial + 1}: the checkpoint holds neither the old values nor the new ones", file=sys.stderr)
    else:
        loadable += 1

checkers = "ScopeFlow and TensorFlow " + tf.__version__ if tf else "ScopeFlow"
print(f"{loadable}/{trials} loadable by {checkers}, with the old or the new values (same prefix overwritten each trial; {killed_mid_save} killed with "
      f"temporary files on disk, {trials - killed_mid_save - completed} after the save's last rename, "
      f"{completed} finished before the kill)")
if stale:
    print(f"temporary files a later save did not delete: {stale}", file=sys.stderr)

sys.exit(0 if loadable == trials and not stale else 1)
PY
