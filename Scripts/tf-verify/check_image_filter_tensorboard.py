"""Reads the TensorBoard run `scopeflow example image-filters` writes with real TensorBoard's
loader and checks it against what TensorFlow 2.21 itself would write:

    swift run scopeflow example image-filters --steps 20 --out /tmp/sf-image-filters
    /path/to/tf-venv/bin/python Scripts/tf-verify/check_image_filter_tensorboard.py /tmp/sf-image-filters/image-filters

- EventAccumulator must list the first layer's filters as images and every variable as a
  histogram (and the loss as a scalar);
- the last step's PNG images must decode (with PIL and with tf.image.decode_png) to the pixels
  TF's own ImageSummary gives for the trained conv1 weights read from the run's checkpoint;
- the last step's histograms must match TF's HistogramSummary of the checkpoint's values.
Exits non-zero on any difference.
"""
import io
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf
from PIL import Image
from tensorboard.backend.event_processing import event_accumulator

tf.disable_v2_behavior()
VARIABLES = ["image_filters/conv1/weights", "image_filters/conv1/biases",
             "image_filters/conv2/weights", "image_filters/conv2/biases"]


def main(run):
    accumulator = event_accumulator.EventAccumulator(
        run, size_guidance={event_accumulator.IMAGES: 0, event_accumulator.HISTOGRAMS: 0,
                            event_accumulator.SCALARS: 0})
    accumulator.Reload()
    tags = accumulator.Tags()
    print("images:", tags["images"])
    print("histograms:", tags["histograms"])
    print("scalars:", tags["scalars"])
    failures = []
    checkpoint = tf.train.latest_checkpoint(run)
    print("checkpoint:", checkpoint)
    weights = tf.train.load_variable(checkpoint, "image_filters/conv1/weights")
    filters = weights.shape[3]

    graph = tf.Graph()
    with graph.as_default():
        values = {name: tf.constant(tf.train.load_variable(checkpoint, name)) for name in VARIABLES}
        with tf.name_scope("summaries"):
            tf.summary.image("conv1_filters", tf.transpose(tf.constant(weights), [3, 0, 1, 2]), max_outputs=filters)
            for name in VARIABLES:
                tf.summary.histogram(name, values[name])
        merged = tf.summary.merge_all()
        encoded = tf.placeholder(tf.string, [])
        decoded = tf.image.decode_png(encoded)
        with tf.Session() as session:
            expected = tf.Summary.FromString(session.run(merged))
            images = {v.tag: session.run(decoded, {encoded: v.image.encoded_image_string})
                      for v in expected.value if v.HasField("image")}
            histograms = [v.histo for v in expected.value if v.HasField("histo")]
            expected_histogram_tags = [v.tag for v in expected.value if v.HasField("histo")]
            for tag, pixels in sorted(images.items()):
                if tag not in tags["images"]:
                    failures.append("no image " + tag)
                    continue
                event = accumulator.Images(tag)[-1]
                ours_tf = session.run(decoded, {encoded: event.encoded_image_string})
                ours_pil = np.asarray(Image.open(io.BytesIO(event.encoded_image_string)))
                same = np.array_equal(ours_tf, pixels) and np.array_equal(ours_pil.reshape(pixels.shape), pixels)
                print("image %s step %d %dx%d: %s" % (tag, event.step, event.width, event.height,
                                                      "same pixels as TF" if same else "DIFFERENT"))
                if not same:
                    failures.append("pixels of " + tag)
    print("TF's own histogram tags for these variables:", expected_histogram_tags)
    for name, histogram in zip(VARIABLES, histograms):  # TF's histograms in VARIABLES' order
        ours = [t for t in tags["histograms"] if t == "summaries/" + name]
        if not ours:
            failures.append("no histogram for " + name)
            continue
        value = accumulator.Histograms(ours[0])[-1].histogram_value
        same = (np.isclose(value.min, histogram.min) and np.isclose(value.max, histogram.max)
                and value.num == histogram.num and np.isclose(value.sum, histogram.sum, atol=1e-5)
                and list(value.bucket) == list(histogram.bucket)
                and np.allclose(value.bucket_limit, histogram.bucket_limit))
        print("histogram %s: num %d min %.6g max %.6g: %s" % (
            ours[0], value.num, value.min, value.max, "same as TF" if same else "DIFFERENT"))
        if not same:
            failures.append("histogram of " + name)
    loss = accumulator.Scalars("summaries/loss")
    print("loss steps:", [e.step for e in loss], "first %.5f last %.5f" % (loss[0].value, loss[-1].value))
    if failures:
        print("FAILED:", failures)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join("scopeflow-out", "image-filters"))
