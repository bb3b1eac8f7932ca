"""Records the graphs of the bn_cnn and deconv_gan benchmark workloads (issue 26) as their TF twins,
Benchmarks/tf/bn_cnn.py and deconv_gan.py, build them: the model's graph and then
tf.global_variables_initializer(), one `name op input,input,...` line per node (the fixtures'
format). Tests/ScopeFlowTests/Replay/BenchModelGraphTests.swift checks that ResNetMini(batch: 64,
side: 32) and DCGAN(batch: 64, side: 32, channels: 3), what `scopeflow bench bn-cnn` / `deconv-gan`
build, are these graphs node for node.

Run: TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python Scripts/tf-verify/record_bench_model_graphs.py
(TF_BENCH_DIR: shared/bench/tf, for the twins' common.py; default ../shared/bench/tf next to the
repository). Writes Tests/ScopeFlowTests/Resources/{bn_cnn,deconv_gan}_bench_graph_tf21.txt.
"""
import os
import sys

repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
os.environ.setdefault("TF_BENCH_DIR", os.path.join(repo, "..", "shared", "bench", "tf"))
sys.path.insert(0, os.path.join(repo, "Benchmarks", "tf"))
import bn_cnn  # noqa: E402
import deconv_gan  # noqa: E402

tf = bn_cnn.tf

for workload in (bn_cnn, deconv_gan):
    graph = tf.Graph()
    with graph.as_default():
        workload.build()
        tf.global_variables_initializer()
    name = workload.__name__
    path = os.path.join(repo, "Tests", "ScopeFlowTests", "Resources", "%s_bench_graph_tf21.txt" % name)
    with open(path, "w") as f:
        for node in graph.as_graph_def().node:
            f.write(" ".join([node.name, node.op] + ([",".join(node.input)] if node.input else [])) + "\n")
    print(path, len(graph.as_graph_def().node), "nodes")
