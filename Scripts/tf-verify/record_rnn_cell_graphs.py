"""Records the graphs TensorFlow 2.21 builds for the TF1 RNN cells beyond the basic ones — GRUCell,
LSTMCell, MultiRNNCell, DropoutWrapper — run by tf.compat.v1.nn.dynamic_rnn, and for
tf.compat.v1.nn.bidirectional_dynamic_rnn, with gradients and training steps through them and the
values a session fetches for fixed feeds and variable values:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_rnn_cell_graphs.py

writes Tests/ScopeFlowTests/Resources/rnn_cell_graphs.json in the format of
record_dynamic_rnn_graphs.py (whose `record` it uses); Layers/RNNCellGraphTests.swift builds each
case in Swift, op for op, and compares."""
import json
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow.compat.v1 as tf

from record_dynamic_rnn_graphs import BATCH, TIME, DEPTH, UNITS, record

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "rnn_cell_graphs.json")


def batch_major():
    return tf.placeholder(tf.float32, [BATCH, TIME, DEPTH], name="x")


def gradients_of(loss, extra):
    return [loss] + tf.gradients(loss, tf.trainable_variables() + extra)


def gru_sequence_length():
    x = batch_major()
    lengths = tf.placeholder(tf.int32, [BATCH], name="lengths")
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(UNITS), x, sequence_length=lengths, dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state)
    return [outputs, state] + gradients_of(loss, [x])


def lstm_cell():
    x = batch_major()
    cell = tf.nn.rnn_cell.LSTMCell(UNITS, forget_bias=0.0)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state.c)
    return [outputs, state.c, state.h] + gradients_of(loss, [x])


def lstm_cell_clip():
    x = batch_major()
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(UNITS, cell_clip=0.05), x, dtype=tf.float32)
    return [outputs, state.c, state.h]


def multi_dropout_training():
    x = batch_major()
    cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(UNITS, forget_bias=0.0), output_keep_prob=0.9,
                                           seed=17 + i) for i in range(2)]
    cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
    initial = cell.zero_state(BATCH, tf.float32)
    outputs, state = tf.nn.dynamic_rnn(cell, x, initial_state=initial, parallel_iterations=1)
    loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state[1].c)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss)
    optimizer.apply_gradients(grads_and_vars)
    return [outputs, state[0].c, state[1].h, loss] + [g for g, _ in grads_and_vars]


def dropout_wrapper_all():
    x = batch_major()
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(UNITS), input_keep_prob=0.8, state_keep_prob=0.7,
                                         output_keep_prob=0.6, seed=3)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, parallel_iterations=1)
    return [outputs, state]


def dropout_state_of_layers():
    x = batch_major()
    layers = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(UNITS), tf.nn.rnn_cell.LSTMCell(UNITS)])
    cell = tf.nn.rnn_cell.DropoutWrapper(layers, state_keep_prob=0.8, seed=1)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, parallel_iterations=1)
    return [outputs, state[0].c, state[0].h, state[1].h]


def bidirectional_gru():
    x = batch_major()
    lengths = tf.placeholder(tf.int32, [BATCH], name="lengths")
    (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(UNITS), tf.nn.rnn_cell.GRUCell(UNITS), x, sequence_length=lengths, dtype=tf.float32)
    outputs = tf.concat([out_fw, out_bw], axis=-1)
    loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state_bw)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss)
    optimizer.apply_gradients(grads_and_vars)
    return [out_fw, out_bw, state_fw, state_bw, loss] + [g for g, _ in grads_and_vars]


def bidirectional_lstm_time_major():
    x = tf.placeholder(tf.float32, [TIME, BATCH, DEPTH], name="x")
    lengths = tf.placeholder(tf.int32, [BATCH], name="lengths")
    (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.LSTMCell(UNITS), tf.nn.rnn_cell.LSTMCell(UNITS), x, sequence_length=lengths,
        dtype=tf.float32, time_major=True, scope="birnn")
    return [out_fw, out_bw, state_fw.c, state_bw.h]


def bidirectional_without_lengths():
    x = batch_major()
    (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(UNITS), tf.nn.rnn_cell.LSTMCell(UNITS), x, dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(out_fw)) + tf.reduce_sum(out_bw) + tf.reduce_sum(state_bw.c)
    return [out_fw, out_bw, state_fw, state_bw.h] + gradients_of(loss, [x])


CASES = [gru_sequence_length, lstm_cell, lstm_cell_clip, multi_dropout_training, dropout_wrapper_all,
         dropout_state_of_layers, bidirectional_gru,
         bidirectional_lstm_time_major, bidirectional_without_lengths]


def main():
    cases = [record(build) for build in CASES]
    with open(OUT, "w") as out:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, out, indent=1)
        out.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
