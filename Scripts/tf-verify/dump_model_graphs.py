"""Prints the training graphs behind Tests/ScopeFlowTests/Resources/*_graph_tf21.txt with real
TF 2.21 (tf.compat.v1, ref variables): one `name type input,input...` line per node.
Run: TF_USE_LEGACY_KERAS=1 python dump_model_graphs.py  (needs tensorflow-cpu==2.21.0 and
tf-keras==2.21.0 for tf.layers); it writes /work/tools/tf_*.txt — copy them into the resources."""
import sys
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

def dump(g, path):
    with open(path, "w") as f:
        for n in g.as_graph_def().node:
            f.write("%s %s %s\n" % (n.name, n.op, ",".join(n.input)))

# 1. the seed's my_image_filter, trained by gradient descent on a mean squared output
g = tf.Graph()
with g.as_default():
    def conv_relu(input, kernel_shape, bias_shape):
        weights = tf.get_variable("weights", kernel_shape, initializer=tf.random_normal_initializer())
        biases = tf.get_variable("biases", bias_shape, initializer=tf.constant_initializer(0.0))
        conv = tf.nn.conv2d(input, weights, strides=[1, 1, 1, 1], padding='SAME')
        return tf.nn.relu(conv + biases)
    def my_image_filter(input_images):
        with tf.variable_scope("conv1"):
            relu1 = conv_relu(input_images, [5, 5, 3, 4], [4])
        with tf.variable_scope("conv2"):
            return conv_relu(relu1, [5, 5, 4, 4], [4])
    images = tf.placeholder(tf.float32, [2, 8, 8, 3], name="images")
    with tf.variable_scope("image_filters"):
        out = my_image_filter(images)
    loss = tf.reduce_mean(tf.square(out))
    tf.train.GradientDescentOptimizer(0.01).minimize(loss)
dump(g, "/work/tools/tf_image_filter.txt")

# 2. two dense layers, softmax cross-entropy, Adam
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [8, 5], name="x")
    labels = tf.placeholder(tf.float32, [8, 3], name="labels")
    h = tf.layers.dense(x, 4, activation=tf.nn.relu)
    logits = tf.layers.dense(h, 3)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
    tf.train.AdamOptimizer(0.001).minimize(loss)
dump(g, "/work/tools/tf_dense_adam.txt")

# 3. a small CNN with tf.layers: conv2d + max_pooling2d + dense, sparse softmax cross-entropy, Momentum
g = tf.Graph()
with g.as_default():
    images = tf.placeholder(tf.float32, [4, 8, 8, 1], name="images")
    labels = tf.placeholder(tf.int32, [4], name="labels")
    conv = tf.layers.conv2d(images, 2, 3, padding="same", activation=tf.nn.relu)
    pool = tf.layers.max_pooling2d(conv, 2, 2)
    flat = tf.reshape(pool, [4, 32])
    logits = tf.layers.dense(flat, 3)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
dump(g, "/work/tools/tf_cnn_momentum.txt")

# 4. dense + dropout (training, seeded), sigmoid cross-entropy plus an L2 penalty, RMSProp
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [6, 4], name="x")
    y = tf.placeholder(tf.float32, [6, 2], name="y")
    h = tf.layers.dense(x, 5, activation=tf.nn.tanh)
    h = tf.layers.dropout(h, rate=0.3, seed=7, training=True)
    logits = tf.layers.dense(h, 2)
    with tf.variable_scope("dense", reuse=True):
        kernel = tf.get_variable("kernel")
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)) + 0.01 * tf.nn.l2_loss(kernel)
    tf.train.RMSPropOptimizer(0.01).minimize(loss)
dump(g, "/work/tools/tf_dropout_rmsprop.txt")

# 5. broadcasting binary ops and their gradients: x [3, 4], b [4], s scalar
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [3, 4], name="x")
    b = tf.get_variable("b", [4], initializer=tf.ones_initializer())
    s = tf.get_variable("s", [], initializer=tf.ones_initializer())
    terms = [x + b, x - b, x * b, x / b, tf.div_no_nan(x, b), tf.maximum(x, b), tf.minimum(x, s),
             tf.squared_difference(x, b), tf.pow(tf.abs(x) + 1.0, s), tf.where_v2(x > 0.0, x, b)]
    loss = tf.add_n([tf.reduce_sum(t) for t in terms])
    grads = tf.gradients(loss, [x, b, s])
dump(g, "/work/tools/tf_broadcast_grads.txt")

# 6. unknown batch size: x [None, 5], dense, softmax cross-entropy mean, a broadcast add, GradientDescent
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    labels = tf.placeholder(tf.float32, [None, 3], name="labels")
    offset = tf.get_variable("offset", [3], initializer=tf.zeros_initializer())
    logits = tf.layers.dense(x, 3) + offset
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
    tf.train.GradientDescentOptimizer(0.1).minimize(loss)
dump(g, "/work/tools/tf_dynamic_batch.txt")

# 7. tf.nn.static_rnn over a BasicRNNCell and a BasicLSTMCell, unstacked inputs, Adam
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [4, 3, 2], name="x")
    y = tf.placeholder(tf.float32, [4, 5], name="y")
    steps = tf.unstack(x, axis=1)
    with tf.variable_scope("rnn1"):
        outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(5), steps, dtype=tf.float32)
    with tf.variable_scope("lstm"):
        outputs2, state2 = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(5), outputs, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs2[-1] - y))
    tf.train.AdamOptimizer(0.01).minimize(loss)
dump(g, "/work/tools/tf_static_rnn.txt")
