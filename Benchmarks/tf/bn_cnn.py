"""TensorFlow's side of the bn_cnn workload (issue 26): a batch-norm CNN training step, the ResNet of
shared/models/resnet_mini.py (its model code below, unchanged but for the input shape) scaled up from
4 images of 8x8x3 to 64 of 32x32x3:

  conv 3x3 (8 filters, no bias, L2 kernel_regularizer) + fused batch norm (training=is_training, a
  placeholder_with_default(True)) + relu, two residual blocks (conv-bn-relu-conv-bn + identity + relu),
  global average pool, dense 10; loss = sparse softmax CE + regularization loss;
  MomentumOptimizer(piecewise_constant(global_step, [3, 6], [0.1, 0.05, 0.01]), 0.9, use_nesterov=True)
  under UPDATE_OPS, then ExponentialMovingAverage(0.99, num_updates=global_step).apply(trainable vars).

One step is one sess.run(train_op) (train_op: the model's, the moving averages after the momentum
step; is_training left at its default True), fed the same numpy images and labels every step.
Ref variables, v1 control flow, as the recorded model. Run with TF_ENABLE_ONEDNN_OPTS=1 (compare.sh).

Usage: bn_cnn.py [--steps 30] [--warm-up 5]; prints one JSON line (common.emit) with results.step_ms
(median), steps_per_s, first_step_ms, graph_ops and op_types (nodes per op type, to compare with
`scopeflow bench bn-cnn`). Uses ../shared/bench/tf/common.py (TF_BENCH_DIR overrides where it is).
"""
import argparse
import os
import sys
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
sys.path.insert(0, os.environ.get(
    "TF_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "tf")))
import common  # noqa: E402
import train_step  # noqa: E402

import numpy as np  # noqa: E402

tf, IMPORT_S = common.load_tf()
tf.disable_v2_behavior()
tf.disable_resource_variables()

BATCH, SIDE = 64, 32


def l2(w):
    return 1e-4 * tf.nn.l2_loss(w)


def build():
    """resnet_mini.py's graph for BATCH images of SIDE x SIDE x 3; returns ((images, labels), loss, train_op)."""
    tf.set_random_seed(31337)
    images = tf.placeholder(tf.float32, [BATCH, SIDE, SIDE, 3], name="images")
    labels = tf.placeholder(tf.int64, [BATCH], name="labels")
    is_training = tf.placeholder_with_default(True, [], name="is_training")

    def conv_bn(x, name, relu=True):
        with tf.variable_scope(name):
            x = tf.layers.conv2d(x, 8, 3, padding="same", use_bias=False,
                                 kernel_regularizer=l2, name="conv")
            x = tf.layers.batch_normalization(x, fused=True, training=is_training, name="bn")
            return tf.nn.relu(x) if relu else x

    def residual_block(x, name):
        with tf.variable_scope(name):
            shortcut = x
            x = conv_bn(x, "a")
            x = conv_bn(x, "b", relu=False)
            return tf.nn.relu(x + shortcut)

    with tf.variable_scope("resnet"):
        x = conv_bn(images, "init")
        for i in range(2):
            x = residual_block(x, "block%d" % i)
        x = tf.reduce_mean(x, axis=[1, 2], name="global_pool")
        logits = tf.layers.dense(x, 10, kernel_regularizer=l2, name="logits")

    with tf.name_scope("loss"):
        ce = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        reg = tf.losses.get_regularization_loss()
        loss = tf.add(ce, reg, name="total_loss")

    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(global_step, [3, 6], [0.1, 0.05, 0.01])
    optimizer = tf.train.MomentumOptimizer(lr, 0.9, use_nesterov=True)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = optimizer.minimize(loss, global_step=global_step)
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=global_step)
    with tf.control_dependencies([train_op]):
        train_and_ema = ema.apply(tf.trainable_variables())
    tf.add_to_collection("train_op", train_and_ema)
    return (images, labels), loss, train_and_ema


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warm-up", type=int, default=5)
    args = ap.parse_args()
    if args.steps < 1 or args.warm_up < 0:
        ap.error("--steps must be at least 1 and --warm-up 0 or more")
    rng = np.random.RandomState(0)
    x = (rng.rand(BATCH, SIDE, SIDE, 3) * 2 - 1).astype(np.float32)
    y = rng.randint(0, 10, size=(BATCH,)).astype(np.int64)
    results = train_step.measure(tf, build, lambda images, labels: {images: x, labels: y},
                                 args.steps, args.warm_up)
    common.emit("bn_cnn", tf, IMPORT_S, dict(shape={"batch": BATCH, "hw": [SIDE, SIDE], "channels": 3},
                                             **results))


if __name__ == "__main__":
    main()
