"""Prints the seed RNN's train+test graph (shared/bench/tf/rnn_seed.py's model) with real TF 2.21
and ref variables, one `name type input,input...` line per node:
Tests/ScopeFlowTests/Resources/seed_rnn_graph_tf21.txt."""
import sys
sys.path.insert(0, "/work/shared/bench/tf")
import rnn_seed
tf = rnn_seed.tf
tf.disable_resource_variables()
g = tf.Graph()
with g.as_default():
    tf.set_random_seed(1)
    with tf.variable_scope('rnn') as scope:
        train_rnn = rnn_seed.RNN(rnn_seed.TrainConfig(), "loop")
        scope.reuse_variables()
        test_rnn = rnn_seed.RNN(rnn_seed.TestConfig(), "loop")
for n in g.as_graph_def().node:
    print(n.name, n.op, ",".join(n.input))
