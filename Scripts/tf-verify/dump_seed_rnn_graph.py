"""Prints the seed RNN's train+test graph (shared/bench/tf/rnn_seed.py's model) with real TF 2.21
and ref variables, one `name type input,input...` line per node:
Tests/ScopeFlowTests/Resources/seed_rnn_graph_tf21.txt for the tutorial's `loop` variant (the
default), seed_rnn_dynamic_graph_tf21.txt for `dump_seed_rnn_graph.py dynamic` (tf.nn.dynamic_rnn,
with TF1's control flow as ScopeFlow builds it: rnn_seed.py itself leaves TF 2's while_v2 on)."""
import sys
sys.path.insert(0, "/work/shared/bench/tf")
import rnn_seed
tf = rnn_seed.tf
tf.disable_resource_variables()
mode = sys.argv[1] if len(sys.argv) > 1 else "loop"
tf.disable_control_flow_v2()
g = tf.Graph()
with g.as_default():
    tf.set_random_seed(1)
    with tf.variable_scope('rnn') as scope:
        train_rnn = rnn_seed.RNN(rnn_seed.TrainConfig(), mode)
        scope.reuse_variables()
        test_rnn = rnn_seed.RNN(rnn_seed.TestConfig(), mode)
for n in g.as_graph_def().node:
    print(n.name, n.op, ",".join(n.input))
