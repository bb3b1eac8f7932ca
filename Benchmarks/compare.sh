#!/usr/bin/env bash
# ScopeFlow side by side with real TensorFlow 2.21 (issue 6, "Speed").
#
#   Benchmarks/compare.sh [WORKLOAD ...]
#
# Builds `scopeflow` in release once, then for each workload runs ScopeFlow's
# `scopeflow bench …` and its TF twin from ../shared/bench/tf/ alternately
# (A B A B …, $PAIRS pairs, default 3), keeps every JSON line under $OUT_DIR and
# prints a table of medians and ScopeFlow/TF speedups (> 1: ScopeFlow faster)
# with the machine it ran on. Without TensorFlow it prints ScopeFlow's figures only.
#
# Workloads: import_only rnn_seed graph_build session_overhead matmul matmul_swift conv while_loop
# bn_cnn deconv_gan (issue 26's batch-norm CNN and conv2d_transpose generator training steps)
# model_mnist_cnn model_dcgan model_ptb_lstm model_resnet_mini model_bigru_tagger (the recorded models
# of Tests/ScopeFlowTests/Resources/models: start to first training step, and a training step)
# (default: all). matmul_swift is matmul with SCOPEFLOW_BLAS=off: the pure-Swift GEMM against the same TF twin.
# Environment: PAIRS (default 3), TF_PYTHON (python with tensorflow), TF_BENCH_DIR
# (default ../shared/bench/tf next to the repository), OUT_DIR (default a new temp dir).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
pairs="${PAIRS:-3}"
tf_dir="${TF_BENCH_DIR:-$repo/../shared/bench/tf}"
out="${OUT_DIR:-$(mktemp -d -t scopeflow-compare.XXXXXX)}"
mkdir -p "$out"
workloads=("$@")
models=(model_mnist_cnn model_dcgan model_ptb_lstm model_resnet_mini model_bigru_tagger)
[ ${#workloads[@]} -gt 0 ] || workloads=(import_only rnn_seed graph_build session_overhead matmul matmul_swift conv while_loop
    bn_cnn deconv_gan "${models[@]}")

# The Python that can import tensorflow, or nothing.
find_tf_python() {
    local candidate
    for candidate in "${TF_PYTHON:-}" /work/tfenv/bin/python python3; do
        if [ -n "$candidate" ] && [ -f "$tf_dir/common.py" ] &&
            "$candidate" -c "import tensorflow" >/dev/null 2>&1; then
            echo "$candidate"
            return
        fi
    done
}
tf_python="$(find_tf_python)"

# OpenBLAS settings inherited from the environment would pick the kernels of both sides' BLAS
# (NumPy's bundled OpenBLAS and the system one ScopeFlow loads): with OPENBLAS_CORETYPE=Haswell,
# as one machine kind here sets, NumPy ran 1024² products at ~200 GFLOP/s instead of ~360 on an
# AVX-512 Zen 5. Both sides run without them, so each library chooses its own kernels.
blas_overrides="$(env | grep -E '^OPENBLAS_(CORETYPE|L2_SIZE)=' | tr '\n' ' ' || true)"
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

# scopeflow's bench subcommand and the TF script's arguments for a workload.
scopeflow_args() {
    case "$1" in
        import_only) echo import-only ;;
        rnn_seed) echo rnn ;;
        graph_build) echo graph-build ;;
        session_overhead) echo session-overhead ;;
        matmul | matmul_swift) echo matmul ;;
        conv) echo conv ;;
        while_loop) echo while-loop ;;
        bn_cnn) echo bn-cnn ;;
        deconv_gan) echo deconv-gan ;;
        model_*) echo "model $repo/Tests/ScopeFlowTests/Resources/models/${1#model_}" ;;
        *) echo "unknown workload: $1" >&2; exit 2 ;;
    esac
}
# The environment scopeflow runs a workload in, and the TF twin's script.
scopeflow_env() {
    case "$1" in
        matmul_swift) echo SCOPEFLOW_BLAS=off ;;
        *) ;;
    esac
}
# The environment the TF twin runs in: the convolution bars (conv, bn_cnn, deconv_gan) are against
# TF with oneDNN, which TF 2.21 turns on by itself only on some CPUs (on AVX-512 ones, not on
# AVX2-only ones such as Zen 3).
tf_env() {
    case "$1" in
        conv | bn_cnn | deconv_gan) echo TF_ENABLE_ONEDNN_OPTS=1 ;;
        *) ;;
    esac
}
# The TF twin's script: shared/bench/tf's, or this repository's Benchmarks/tf/ for the workloads
# added here (they import shared/bench/tf/common.py through TF_BENCH_DIR).
tf_script() {
    case "$1" in
        matmul_swift) echo "$tf_dir/matmul.py" ;;
        while_loop | bn_cnn | deconv_gan) echo "$repo/Benchmarks/tf/$1.py" ;;
        model_*) echo "$repo/Benchmarks/tf/model_step.py" ;;
        *) echo "$tf_dir/$1.py" ;;
    esac
}
tf_args() {
    case "$1" in
        rnn_seed) echo "--variants loop" ;;
        graph_build) echo "--variants variable_scope_refvars,name_scope_tf_variable,name_scope_ops_only" ;;
        model_*) echo "$repo/Tests/ScopeFlowTests/Resources/models/${1#model_}" ;;
        *) echo "" ;;
    esac
}

echo "building scopeflow (release)…" >&2
swift build -c release --product scopeflow --package-path "$repo" >&2
scopeflow="$(swift build -c release --product scopeflow --package-path "$repo" --show-bin-path)/scopeflow"

# Runs one side once and appends its JSON line to $out/<workload>.<impl>.jsonl.
run_side() {
    local workload="$1" impl="$2" line
    if [ "$impl" = scopeflow ]; then
        # shellcheck disable=SC2046
        line="$(env $(scopeflow_env "$workload") "$scopeflow" bench $(scopeflow_args "$workload") | grep '^{' | tail -n 1)" || true
    else
        # shellcheck disable=SC2046
        line="$(cd /tmp && env TF_BENCH_DIR="$tf_dir" $(tf_env "$workload") "$tf_python" "$(tf_script "$workload")" $(tf_args "$workload") 2>/dev/null | grep '^{' | tail -n 1)" || true
    fi
    if [ -n "$line" ]; then
        echo "$line" >>"$out/$workload.$impl.jsonl"
    else
        echo "  $workload ($impl) printed no result" >&2
    fi
}

for workload in "${workloads[@]}"; do
    scopeflow_args "$workload" >/dev/null
    for ((pair = 1; pair <= pairs; pair++)); do
        echo "$workload pair $pair/$pairs: scopeflow" >&2
        run_side "$workload" scopeflow
        if [ -n "$tf_python" ]; then
            echo "$workload pair $pair/$pairs: tensorflow" >&2
            run_side "$workload" tf
        fi
    done
done

echo
cpu_family="$(grep -m1 '^cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
cpu_model="$(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
if grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f; then vector_unit=AVX-512; else vector_unit="no AVX-512"; fi
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') (family $cpu_family model $cpu_model, $vector_unit), $(date -u '+%Y-%m-%d %H:%M UTC')"
if [ -n "$tf_python" ]; then
    echo "TensorFlow: $("$tf_python" -c 'import tensorflow as tf; print(tf.__version__)' 2>/dev/null) via $tf_python; $pairs pair(s) per workload, A B alternating"
else
    echo "TensorFlow: not found (set TF_PYTHON); ScopeFlow only, $pairs run(s) per workload"
fi
[ -z "$blas_overrides" ] || echo "Cleared for both sides (each BLAS picks its own kernels): $blas_overrides"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); raw JSON lines: $out"
echo
python3 "$repo/Benchmarks/compare_table.py" "$out"
