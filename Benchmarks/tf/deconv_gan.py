"""TensorFlow's side of the deconv_gan workload (issue 26): a conv2d_transpose generator training step,
the DCGAN of shared/models/dcgan.py (its model code below, unchanged but for the shapes) scaled up from
8 images of 16x16x1 to 64 of 32x32x3: the generator starts from SIDE/4 = 8 instead of 4 and its last
transposed convolution makes 3 channels.

  generator: dense z(16) -> 8*8*16 (no bias), reshape, batch norm (training=True), relu,
             conv2d_transpose 5x5 stride 2 same -> 16x16x8 (no bias), batch norm, relu,
             conv2d_transpose 5x5 stride 2 same -> 32x32x3, tanh
  discriminator (AUTO_REUSE, on the real and the generated batch): conv2d 5x5 s2 + leaky_relu(0.2),
             conv2d 5x5 s2 (no bias) + batch norm + leaky_relu, flatten, dense 1
  sigmoid cross-entropy losses; AdamOptimizer(2e-4, beta1=0.5) per network on its scope's variables,
  under its scope's UPDATE_OPS.

One step is one sess.run(g_train), the model's generator step (its odd steps): Conv2DBackpropInput
forward, then its gradients (Conv2D for the input, Conv2DBackpropFilter for the kernel) through the
discriminator's loss, fed the same numpy noise every step. Ref variables, as the recorded model.
Run with TF_ENABLE_ONEDNN_OPTS=1 (compare.sh).

Usage: deconv_gan.py [--steps 30] [--warm-up 5]; prints one JSON line (common.emit) with
results.step_ms (median), steps_per_s, first_step_ms, graph_ops and op_types (to compare with
`scopeflow bench deconv-gan`). Uses ../shared/bench/tf/common.py (TF_BENCH_DIR overrides where it is).
"""
import argparse
import os
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
sys.path.insert(0, os.environ.get(
    "TF_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "tf")))
import common  # noqa: E402
import train_step  # noqa: E402

import numpy as np  # noqa: E402

tf, IMPORT_S = common.load_tf()
tf.disable_v2_behavior()
tf.disable_resource_variables()

BATCH, Z, SIDE, CHANNELS = 64, 16, 32, 3


def generator(z):
    with tf.variable_scope("generator"):
        start = SIDE // 4
        h = tf.layers.dense(z, start * start * 16, use_bias=False, name="fc")
        h = tf.reshape(h, [-1, start, start, 16])
        h = tf.layers.batch_normalization(h, training=True, name="bn0")
        h = tf.nn.relu(h)
        h = tf.layers.conv2d_transpose(h, 8, 5, strides=2, padding="same", use_bias=False,
                                       name="deconv1")
        h = tf.layers.batch_normalization(h, training=True, name="bn1")
        h = tf.nn.relu(h)
        h = tf.layers.conv2d_transpose(h, CHANNELS, 5, strides=2, padding="same", name="deconv2")
        return tf.tanh(h)


def discriminator(x):
    with tf.variable_scope("discriminator", reuse=tf.AUTO_REUSE):
        h = tf.layers.conv2d(x, 8, 5, strides=2, padding="same", name="conv1")
        h = tf.nn.leaky_relu(h, alpha=0.2)
        h = tf.layers.conv2d(h, 16, 5, strides=2, padding="same", use_bias=False,
                             name="conv2")
        h = tf.layers.batch_normalization(h, training=True, name="bn2")
        h = tf.nn.leaky_relu(h, alpha=0.2)
        h = tf.layers.flatten(h)
        logits = tf.layers.dense(h, 1, name="fc")
        return logits


def build():
    """dcgan.py's graph, scaled; returns ((z,), g_loss, g_train)."""
    tf.set_random_seed(2024)
    z = tf.placeholder(tf.float32, [BATCH, Z], name="z")
    real = tf.placeholder(tf.float32, [BATCH, SIDE, SIDE, CHANNELS], name="real_images")
    fake = generator(z)
    d_real = discriminator(real)
    d_fake = discriminator(fake)

    with tf.name_scope("losses"):
        d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
            labels=tf.ones_like(d_real), logits=d_real))
        d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
            labels=tf.zeros_like(d_fake), logits=d_fake))
        d_loss = tf.add(d_loss_real, d_loss_fake, name="d_loss")
        g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
            labels=tf.ones_like(d_fake), logits=d_fake), name="g_loss")

    d_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="discriminator")
    g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="generator")
    global_step = tf.train.get_or_create_global_step()

    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope="discriminator")):
        d_train = tf.train.AdamOptimizer(2e-4, beta1=0.5).minimize(
            d_loss, var_list=d_vars, global_step=global_step)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope="generator")):
        g_train = tf.train.AdamOptimizer(2e-4, beta1=0.5).minimize(g_loss, var_list=g_vars)
    tf.add_to_collection("train_op", d_train)
    tf.add_to_collection("train_op", g_train)
    return (z,), g_loss, g_train


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warm-up", type=int, default=5)
    args = ap.parse_args()
    if args.steps < 1 or args.warm_up < 0:
        ap.error("--steps must be at least 1 and --warm-up 0 or more")
    noise = (np.random.RandomState(0).rand(BATCH, Z) * 2 - 1).astype(np.float32)
    results = train_step.measure(tf, build, lambda z: {z: noise}, args.steps, args.warm_up)
    common.emit("deconv_gan", tf, IMPORT_S, dict(
        shape={"batch": BATCH, "hw": [SIDE, SIDE], "channels": CHANNELS, "noise": Z}, **results))


if __name__ == "__main__":
    main()
