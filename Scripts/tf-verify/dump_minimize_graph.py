"""Prints the one-layer GradientDescent minimize graph of MinimizeGraphTests with real TF 2.21."""
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    w = tf.get_variable("w", [3, 4], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [4], initializer=tf.zeros_initializer())
    y = tf.nn.relu(tf.matmul(x, w) + b)
    loss = tf.reduce_mean(tf.square(y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
for n in g.as_graph_def().node:
    print(n.name, n.op, ",".join(n.input))
