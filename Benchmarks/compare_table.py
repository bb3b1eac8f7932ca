#!/usr/bin/env python3
"""Table of medians and ScopeFlow/TF speedups from the JSON lines compare.sh collected.

  compare_table.py DIR      # DIR holds <workload>.scopeflow.jsonl and <workload>.tf.jsonl

Each row takes one figure from every run of a workload (ScopeFlow's lines keep the
results at the top level, TF's under "results"), prints the median of each side and
the speedup: ScopeFlow over TF, > 1 means ScopeFlow is faster (or smaller, for memory).
Plain python3: it never imports TensorFlow.
"""
import glob
import json
import os
import statistics
import sys

SIZES = ["128", "256", "512", "1024", "2048"]
HIGHER, LOWER = "higher", "lower"


def rows():
    """(workload, label, better, ScopeFlow path, TF path, scale); a path is dotted keys into the line."""
    out = [
        ("import_only", "start-up to first graph (ms; TF: import only)", LOWER,
         "startup_to_first_graph_s", "tf_import_s", 1e3),
        ("import_only", "peak RSS after start-up (MiB)", LOWER, "peak_rss_mib", "peak_rss_mib", 1),
        ("rnn_seed", "seed RNN build train+test (ms)", LOWER,
         "variants.loop.build_both_ms", "results.variants.loop.build_both_ms", 1),
        ("rnn_seed", "seed RNN train steps/s", HIGHER,
         "variants.loop.train_steps_per_s", "results.variants.loop.train_steps_per_s", 1),
        ("rnn_seed", "seed test-RNN run (µs)", LOWER,
         "variants.loop.test_infer_us_per_run", "results.variants.loop.test_infer_us_per_run", 1),
        ("rnn_seed", "peak RSS, seed RNN training (MiB)", LOWER, "peak_rss_mib", "peak_rss_mib", 1),
    ]
    for variant in ["variable_scope_refvars", "name_scope_tf_variable", "name_scope_ops_only"]:
        out.append(("graph_build", f"graph build {variant} (µs/op)", LOWER,
                    f"{variant}.us_per_op", f"results.{variant}.us_per_op", 1))
    for case in ["add_feed_fetch", "add_fetch_nofeed", "chain100_feed_fetch"]:
        out.append(("session_overhead", f"Session.run {case} (µs)", LOWER,
                    f"{case}.median_us", f"results.{case}.median_us", 1))
    for n in SIZES:
        out.append(("matmul", f"MatMul {n}² single run (GFLOP/s)", HIGHER,
                    f"scopeflow.{n}.single_gflops", f"results.tf.{n}.single_gflops", 1))
        out.append(("matmul", f"MatMul {n}² chained vs NumPy (GFLOP/s)", HIGHER,
                    f"scopeflow.{n}.chain_gflops", f"results.numpy.{n}.gflops", 1))
    for n in SIZES:
        out.append(("matmul_swift", f"MatMul {n}² chained vs NumPy, pure Swift (GFLOP/s)", HIGHER,
                    f"scopeflow.{n}.chain_gflops", f"results.numpy.{n}.gflops", 1))
    out += [
        ("conv", "conv image filter forward (ms)", LOWER, "forward_ms", "results.forward_ms", 1),
        ("conv", "conv image filter train step (ms)", LOWER, "train_ms", "results.train_ms", 1),
        ("conv", "peak RSS, conv (MiB)", LOWER, "peak_rss_mib", "peak_rss_mib", 1),
        ("while_loop", "while_loop 1,000 tiny iterations, one run (ms)", LOWER,
         "loop1000.median_ms", "results.loop1000.median_ms", 1),
        ("bn_cnn", "bn_cnn resnet_mini 64×32×32×3 train step (ms)", LOWER, "step_ms", "results.step_ms", 1),
        ("bn_cnn", "peak RSS, bn_cnn (MiB)", LOWER, "peak_rss_mib", "peak_rss_mib", 1),
        ("deconv_gan", "deconv_gan dcgan 64×32×32×3 generator step (ms)", LOWER,
         "step_ms", "results.step_ms", 1),
        ("deconv_gan", "peak RSS, deconv_gan (MiB)", LOWER, "peak_rss_mib", "peak_rss_mib", 1),
    ]
    for model in ["mnist_cnn", "dcgan", "ptb_lstm", "resnet_mini", "bigru_tagger"]:
        out.append((f"model_{model}", f"{model}: start to first training step (ms)", LOWER,
                    "first_step_ms", "results.first_step_ms", 1))
        out.append((f"model_{model}", f"{model}: training steps/s", HIGHER,
                    "steps_per_s", "results.steps_per_s", 1))
    return out


def value(line, path):
    for key in path.split("."):
        if not isinstance(line, dict) or key not in line:
            return None
        line = line[key]
    return line if isinstance(line, (int, float)) and not isinstance(line, bool) else None


def load(directory, workload, impl):
    path = os.path.join(directory, f"{workload}.{impl}.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.startswith("{")]


def median_of(lines, path, scale):
    values = [v * scale for v in (value(l, path) for l in lines) if v is not None]
    return (statistics.median(values), len(values)) if values else (None, 0)


def fmt(x):
    if x is None:
        return "–"
    return f"{x:.3g}" if abs(x) < 100 else f"{x:,.0f}"


def main():
    directory = sys.argv[1]
    have_tf = bool(glob.glob(os.path.join(directory, "*.tf.jsonl")))
    header = ["workload", "ScopeFlow", "n"] + (["TF 2.21", "n", "speedup"] if have_tf else [])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for workload, label, better, sf_path, tf_path, scale in rows():
        if not os.path.exists(os.path.join(directory, f"{workload}.scopeflow.jsonl")):
            continue
        sf, n_sf = median_of(load(directory, workload, "scopeflow"), sf_path, scale)
        cells = [label, fmt(sf), str(n_sf)]
        if have_tf:
            tf, n_tf = median_of(load(directory, workload, "tf"), tf_path, scale)
            speedup = None
            if sf and tf:
                speedup = sf / tf if better == HIGHER else tf / sf
            cells += [fmt(tf), str(n_tf), (f"{speedup:.2f}×" if speedup else "–")]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
