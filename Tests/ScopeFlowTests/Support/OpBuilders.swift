@testable import ScopeFlow

/// Builds each oracle API call with ScopeFlow's constructors, keyed by the case's `api`.
/// Inputs are placeholders named and shaped as the oracle's.
let opBuilders: [String: @Sendable ([String: Tensor]) throws -> [Tensor]] = [
        "tf.add(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try add(x, y)] },
        "tf.add_n([a, b, c])": { inp in let a = inp["a"]!; let b = inp["b"]!; let c = inp["c"]!; return [try addN([a, b, c])] },
        "tf.subtract(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try subtract(x, y)] },
        "tf.multiply(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try multiply(x, y)] },
        "tf.divide(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try divide(x, y)] },
        "tf.multiply(x, x)": { inp in let x = inp["x"]!; return [try multiply(x, x)] },
        "x * y": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try x * y] },
        "tf.pow(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try pow(x, y)] },
        "tf.maximum(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try maximum(x, y)] },
        "tf.minimum(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try minimum(x, y)] },
        "tf.maximum(x, 0.0)": { inp in let x = inp["x"]!; return [try maximum(x, 0.0)] },
        "tf.negative(x)": { inp in let x = inp["x"]!; return [try negative(x)] },
        "tf.square(x)": { inp in let x = inp["x"]!; return [try square(x)] },
        "tf.sqrt(x)": { inp in let x = inp["x"]!; return [try sqrt(x)] },
        "tf.math.rsqrt(x)": { inp in let x = inp["x"]!; return [try rsqrt(x)] },
        "tf.exp(x)": { inp in let x = inp["x"]!; return [try exp(x)] },
        "tf.log(x)": { inp in let x = inp["x"]!; return [try log(x)] },
        "tf.abs(x)": { inp in let x = inp["x"]!; return [try abs(x)] },
        "tf.sign(x)": { inp in let x = inp["x"]!; return [try sign(x)] },
        "tf.tanh(x)": { inp in let x = inp["x"]!; return [try tanh(x)] },
        "tf.sigmoid(x)": { inp in let x = inp["x"]!; return [try sigmoid(x)] },
        "tf.nn.relu(x)": { inp in let x = inp["x"]!; return [try relu(x)] },
        "tf.nn.relu6(x)": { inp in let x = inp["x"]!; return [try relu6(x)] },
        "tf.nn.elu(x)": { inp in let x = inp["x"]!; return [try elu(x)] },
        "tf.nn.selu(x)": { inp in let x = inp["x"]!; return [try selu(x)] },
        "tf.nn.leaky_relu(x)": { inp in let x = inp["x"]!; return [try leakyRelu(x)] },
        "tf.nn.leaky_relu(x, alpha=0.01)": { inp in let x = inp["x"]!; return [try leakyRelu(x, alpha: 0.01)] },
        "tf.nn.softplus(x)": { inp in let x = inp["x"]!; return [try softplus(x)] },
        "tf.matmul(a, b)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try matmul(a, b)] },
        "tf.matmul(a, b, transpose_b=True)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try matmul(a, b, transposeB: true)] },
        "tf.matmul(a, b, transpose_a=True)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try matmul(a, b, transposeA: true)] },
        "tf.matmul(a, b, transpose_a=True, transpose_b=True)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try matmul(a, b, transposeA: true, transposeB: true)] },
        "tf.matmul(a, b, adjoint_a=True, adjoint_b=True)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try matmul(a, b, transposeA: true, transposeB: true)] },
        "tf.reduce_sum(x)": { inp in let x = inp["x"]!; return [try reduceSum(x)] },
        "tf.reduce_sum(x, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceSum(x, keepDims: true)] },
        "tf.reduce_sum(x, axis=0)": { inp in let x = inp["x"]!; return [try reduceSum(x, axis: [0])] },
        "tf.reduce_sum(x, axis=-1, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceSum(x, axis: [-1], keepDims: true)] },
        "tf.reduce_sum(x, axis=[0, 2])": { inp in let x = inp["x"]!; return [try reduceSum(x, axis: [0, 2])] },
        "tf.reduce_sum(x, axis=[-1, -3], keepdims=True)": { inp in let x = inp["x"]!; return [try reduceSum(x, axis: [-1, -3], keepDims: true)] },
        "tf.reduce_sum(x, axis=1)": { inp in let x = inp["x"]!; return [try reduceSum(x, axis: [1])] },
        "tf.reduce_mean(x)": { inp in let x = inp["x"]!; return [try reduceMean(x)] },
        "tf.reduce_mean(x, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMean(x, keepDims: true)] },
        "tf.reduce_mean(x, axis=0)": { inp in let x = inp["x"]!; return [try reduceMean(x, axis: [0])] },
        "tf.reduce_mean(x, axis=-1, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMean(x, axis: [-1], keepDims: true)] },
        "tf.reduce_mean(x, axis=[0, 2])": { inp in let x = inp["x"]!; return [try reduceMean(x, axis: [0, 2])] },
        "tf.reduce_mean(x, axis=[-1, -3], keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMean(x, axis: [-1, -3], keepDims: true)] },
        "tf.reduce_mean(x, axis=1)": { inp in let x = inp["x"]!; return [try reduceMean(x, axis: [1])] },
        "tf.reduce_max(x)": { inp in let x = inp["x"]!; return [try reduceMax(x)] },
        "tf.reduce_max(x, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMax(x, keepDims: true)] },
        "tf.reduce_max(x, axis=0)": { inp in let x = inp["x"]!; return [try reduceMax(x, axis: [0])] },
        "tf.reduce_max(x, axis=-1, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMax(x, axis: [-1], keepDims: true)] },
        "tf.reduce_max(x, axis=[0, 2])": { inp in let x = inp["x"]!; return [try reduceMax(x, axis: [0, 2])] },
        "tf.reduce_max(x, axis=1)": { inp in let x = inp["x"]!; return [try reduceMax(x, axis: [1])] },
        "tf.reduce_min(x)": { inp in let x = inp["x"]!; return [try reduceMin(x)] },
        "tf.reduce_min(x, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMin(x, keepDims: true)] },
        "tf.reduce_min(x, axis=0)": { inp in let x = inp["x"]!; return [try reduceMin(x, axis: [0])] },
        "tf.reduce_min(x, axis=-1, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceMin(x, axis: [-1], keepDims: true)] },
        "tf.reduce_min(x, axis=[0, 2])": { inp in let x = inp["x"]!; return [try reduceMin(x, axis: [0, 2])] },
        "tf.reduce_min(x, axis=1)": { inp in let x = inp["x"]!; return [try reduceMin(x, axis: [1])] },
        "tf.reduce_prod(x)": { inp in let x = inp["x"]!; return [try reduceProd(x)] },
        "tf.reduce_prod(x, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceProd(x, keepDims: true)] },
        "tf.reduce_prod(x, axis=0)": { inp in let x = inp["x"]!; return [try reduceProd(x, axis: [0])] },
        "tf.reduce_prod(x, axis=-1, keepdims=True)": { inp in let x = inp["x"]!; return [try reduceProd(x, axis: [-1], keepDims: true)] },
        "tf.reduce_prod(x, axis=[0, 2])": { inp in let x = inp["x"]!; return [try reduceProd(x, axis: [0, 2])] },
        "tf.reduce_prod(x, axis=1)": { inp in let x = inp["x"]!; return [try reduceProd(x, axis: [1])] },
        "tf.reduce_sum(x, axis=[])": { inp in let x = inp["x"]!; return [try reduceSum(x, axis: [])] },
        "tf.argmax(x, axis=1)": { inp in let x = inp["x"]!; return [try argmax(x, axis: 1)] },
        "tf.argmax(x, axis=0, output_type=tf.int32)": { inp in let x = inp["x"]!; return [try argmax(x, axis: 0, outputType: .int32)] },
        "tf.argmax(x, axis=-1)": { inp in let x = inp["x"]!; return [try argmax(x, axis: -1)] },
        "tf.reshape(x, [4, -1])": { inp in let x = inp["x"]!; return [try reshape(x, shape: [4, -1])] },
        "tf.reshape(x, [3, 1, 2])": { inp in let x = inp["x"]!; return [try reshape(x, shape: [3, 1, 2])] },
        "tf.reshape(x, [])": { inp in let x = inp["x"]!; return [try reshape(x, shape: [])] },
        "tf.transpose(x)": { inp in let x = inp["x"]!; return [try transpose(x)] },
        "tf.transpose(x, perm=[2, 0, 1])": { inp in let x = inp["x"]!; return [try transpose(x, perm: [2, 0, 1])] },
        "tf.transpose(x, perm=[1, 0, 3, 2])": { inp in let x = inp["x"]!; return [try transpose(x, perm: [1, 0, 3, 2])] },
        "tf.concat([a, b], axis=0)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try concat([a, b], axis: 0)] },
        "tf.concat([a, b, c], axis=1)": { inp in let a = inp["a"]!; let b = inp["b"]!; let c = inp["c"]!; return [try concat([a, b, c], axis: 1)] },
        "tf.concat([a, b], axis=-1)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try concat([a, b], axis: -1)] },
        "tf.split(x, 3, axis=1)": { inp in let x = inp["x"]!; return try split(x, numSplits: 3, axis: 1) },
        "tf.split(x, 2, axis=-1)": { inp in let x = inp["x"]!; return try split(x, numSplits: 2, axis: -1) },
        "tf.split(x, [1, 3, 1], axis=0)": { inp in let x = inp["x"]!; return try split(x, sizes: [1, 3, 1], axis: 0) },
        "tf.split(x, [2, -1], axis=1)": { inp in let x = inp["x"]!; return try split(x, sizes: [2, -1], axis: 1) },
        "tf.slice(x, [1, 0], [2, 3])": { inp in let x = inp["x"]!; return [try slice(x, begin: [1, 0], size: [2, 3])] },
        "tf.slice(x, [0, 1, 2], [-1, 1, -1])": { inp in let x = inp["x"]!; return [try slice(x, begin: [0, 1, 2], size: [-1, 1, -1])] },
        "x[1:3]": { inp in let x = inp["x"]!; return [try x[.range(1, 3)]] },
        "x[:, ::2]": { inp in let x = inp["x"]!; return [try x[.all, .range(nil, nil, step: 2)]] },
        "x[::-1]": { inp in let x = inp["x"]!; return [try x[.range(nil, nil, step: -1)]] },
        "x[1]": { inp in let x = inp["x"]!; return [try x[1]] },
        "x[:, -1]": { inp in let x = inp["x"]!; return [try x[.all, -1]] },
        "x[..., 1]": { inp in let x = inp["x"]!; return [try x[.ellipsis, 1]] },
        "x[:, tf.newaxis]": { inp in let x = inp["x"]!; return [try x[.all, .newAxis]] },
        "x[-2:, 1:-1]": { inp in let x = inp["x"]!; return [try x[.range(-2, nil), .range(1, -1)]] },
        "x[3:0:-2, ::-1]": { inp in let x = inp["x"]!; return [try x[.range(3, 0, step: -2), .range(nil, nil, step: -1)]] },
        "tf.stack([a, b, c], axis=0)": { inp in let a = inp["a"]!; let b = inp["b"]!; let c = inp["c"]!; return [try stack([a, b, c], axis: 0)] },
        "tf.stack([a, b], axis=1)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try stack([a, b], axis: 1)] },
        "tf.stack([a, b], axis=-1)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try stack([a, b], axis: -1)] },
        "tf.unstack(x, axis=0)": { inp in let x = inp["x"]!; return try unstack(x, axis: 0) },
        "tf.unstack(x, axis=1)": { inp in let x = inp["x"]!; return try unstack(x, axis: 1) },
        "tf.unstack(x, axis=-1)": { inp in let x = inp["x"]!; return try unstack(x, axis: -1) },
        "tf.tile(x, [2, 3])": { inp in let x = inp["x"]!; return [try tile(x, multiples: [2, 3])] },
        "tf.tile(x, [1, 2, 2])": { inp in let x = inp["x"]!; return [try tile(x, multiples: [1, 2, 2])] },
        "tf.pad(x, [[1, 0], [2, 1]])": { inp in let x = inp["x"]!; return [try pad(x, paddings: [[1, 0], [2, 1]])] },
        "tf.pad(x, [[0, 0], [1, 1], [0, 2]])": { inp in let x = inp["x"]!; return [try pad(x, paddings: [[0, 0], [1, 1], [0, 2]])] },
        "tf.pad(x, [[1, 1], [0, 1]], constant_values=-1.5)": { inp in let x = inp["x"]!; return [try pad(x, paddings: [[1, 1], [0, 1]], constantValue: -1.5)] },
        "tf.pad(x, [[1, 1], [2, 1]], mode='REFLECT')": { inp in let x = inp["x"]!; return [try pad(x, paddings: [[1, 1], [2, 1]], mode: "REFLECT")] },
        "tf.pad(x, [[1, 1], [2, 1]], mode='SYMMETRIC')": { inp in let x = inp["x"]!; return [try pad(x, paddings: [[1, 1], [2, 1]], mode: "SYMMETRIC")] },
        "tf.gather(params, indices)": { inp in let indices = inp["indices"]!; let params = inp["params"]!; return [try gather(params, indices: indices)] },
        "tf.gather(params, indices, axis=1)": { inp in let indices = inp["indices"]!; let params = inp["params"]!; return [try gather(params, indices: indices, axis: 1)] },
        "tf.gather(params, indices, axis=-1)": { inp in let indices = inp["indices"]!; let params = inp["params"]!; return [try gather(params, indices: indices, axis: -1)] },
        "tf.expand_dims(x, 0)": { inp in let x = inp["x"]!; return [try expandDims(x, axis: 0)] },
        "tf.expand_dims(x, -1)": { inp in let x = inp["x"]!; return [try expandDims(x, axis: -1)] },
        "tf.expand_dims(x, 1)": { inp in let x = inp["x"]!; return [try expandDims(x, axis: 1)] },
        "tf.squeeze(x)": { inp in let x = inp["x"]!; return [try squeeze(x)] },
        "tf.squeeze(x, axis=[2])": { inp in let x = inp["x"]!; return [try squeeze(x, axis: [2])] },
        "tf.squeeze(x, axis=-1)": { inp in let x = inp["x"]!; return [try squeeze(x, axis: [-1])] },
        "tf.cast(x, tf.int32)": { inp in let x = inp["x"]!; return [try cast(x, to: .int32)] },
        "tf.cast(x, tf.bool)": { inp in let x = inp["x"]!; return [try cast(x, to: .bool)] },
        "tf.cast(x, tf.float64)": { inp in let x = inp["x"]!; return [try cast(x, to: .float64)] },
        "tf.cast(x, tf.float32)": { inp in let x = inp["x"]!; return [try cast(x, to: .float32)] },
        "tf.fill([2, 3], value)": { inp in let value = inp["value"]!; return [try fill([2, 3], value: value)] },
        "tf.zeros_like(x)": { inp in let x = inp["x"]!; return [try zerosLike(x)] },
        "tf.ones_like(x)": { inp in let x = inp["x"]!; return [try onesLike(x)] },
        "tf.where(cond, x, y)  # compat.v1": { inp in let cond = inp["cond"]!; let x = inp["x"]!; let y = inp["y"]!; return [try `where`(cond, x, y)] },
        "tf.where(cond, x, y)  # compat.v1, cond is [rows]": { inp in let cond = inp["cond"]!; let x = inp["x"]!; let y = inp["y"]!; return [try `where`(cond, x, y)] },
        "tf.where_v2(cond, x, y)": { inp in let cond = inp["cond"]!; let x = inp["x"]!; let y = inp["y"]!; return [try whereV2(cond, x, y)] },
        "tf.equal(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try equal(x, y)] },
        "tf.less(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try less(x, y)] },
        "tf.greater(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try greater(x, y)] },
        "tf.logical_and(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try logicalAnd(x, y)] },
        "tf.one_hot(indices, 4)": { inp in let indices = inp["indices"]!; return [try oneHot(indices, depth: 4)] },
        "tf.one_hot(indices, 4, on_value=5.0, off_value=-1.0)": { inp in let indices = inp["indices"]!; return [try oneHot(indices, depth: 4, onValue: 5, offValue: -1)] },
        "tf.one_hot(indices, 3, axis=0)": { inp in let indices = inp["indices"]!; return [try oneHot(indices, depth: 3, axis: 0)] },
        "tf.one_hot(indices, 3)": { inp in let indices = inp["indices"]!; return [try oneHot(indices, depth: 3)] },
        "tf.nn.softmax(x)": { inp in let x = inp["x"]!; return [try softmax(x)] },
        "tf.nn.softmax(x, axis=0)": { inp in let x = inp["x"]!; return [try softmax(x, axis: 0)] },
        "tf.nn.log_softmax(x)": { inp in let x = inp["x"]!; return [try logSoftmax(x)] },
        "tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)": { inp in let labels = inp["labels"]!; let logits = inp["logits"]!; return [try softmaxCrossEntropyWithLogits(labels: labels, logits: logits)] },
        "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)": { inp in let labels = inp["labels"]!; let logits = inp["logits"]!; return [try sparseSoftmaxCrossEntropyWithLogits(labels: labels, logits: logits)] },
        "tf.nn.bias_add(x, b)": { inp in let b = inp["b"]!; let x = inp["x"]!; return [try biasAdd(x, b)] },
        "tf.nn.bias_add(x, b, data_format='NCHW')": { inp in let b = inp["b"]!; let x = inp["x"]!; return [try biasAdd(x, b, dataFormat: "NCHW")] },
        "tf.nn.conv2d(x, filter, strides=[1, 1, 1, 1], padding='SAME')": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 1, 1, 1], padding: "SAME")] },
        "tf.nn.conv2d(x, filter, strides=[1, 1, 1, 1], padding='VALID')": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 1, 1, 1], padding: "VALID")] },
        "tf.nn.conv2d(x, filter, strides=[1, 2, 2, 1], padding='SAME')": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 2, 2, 1], padding: "SAME")] },
        "tf.nn.conv2d(x, filter, strides=[1, 2, 2, 1], padding='VALID')": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 2, 2, 1], padding: "VALID")] },
        "tf.nn.conv2d(x, filter, strides=[1, 2, 1, 1], padding='SAME')": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 2, 1, 1], padding: "SAME")] },
        "tf.nn.conv2d(x, filter, strides=[1, 1, 1, 1], padding='SAME', dilations=[1, 2, 2, 1])": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 1, 1, 1], padding: "SAME", dilations: [1, 2, 2, 1])] },
        "tf.nn.conv2d(x, filter, strides=[1, 1, 1, 1], padding='VALID', dilations=[1, 2, 2, 1])": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 1, 1, 1], padding: "VALID", dilations: [1, 2, 2, 1])] },
        "tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')": { inp in let x = inp["x"]!; return [try maxPool(x, ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID")] },
        "tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')": { inp in let x = inp["x"]!; return [try maxPool(x, ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "SAME")] },
        "tf.nn.max_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME')": { inp in let x = inp["x"]!; return [try maxPool(x, ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: "SAME")] },
        "tf.nn.max_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='VALID')": { inp in let x = inp["x"]!; return [try maxPool(x, ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: "VALID")] },
        "tf.nn.max_pool(x, ksize=[1, 3, 3, 1], strides=[1, 1, 1, 1], padding='SAME')": { inp in let x = inp["x"]!; return [try maxPool(x, ksize: [1, 3, 3, 1], strides: [1, 1, 1, 1], padding: "SAME")] },
        "tf.nn.avg_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')": { inp in let x = inp["x"]!; return [try avgPool(x, ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "VALID")] },
        "tf.nn.avg_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')": { inp in let x = inp["x"]!; return [try avgPool(x, ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "SAME")] },
        "tf.nn.avg_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME')": { inp in let x = inp["x"]!; return [try avgPool(x, ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: "SAME")] },
        "tf.nn.avg_pool(x, ksize=[1, 3, 3, 1], strides=[1, 1, 1, 1], padding='SAME')": { inp in let x = inp["x"]!; return [try avgPool(x, ksize: [1, 3, 3, 1], strides: [1, 1, 1, 1], padding: "SAME")] },
        "tf.nn.avg_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='VALID')": { inp in let x = inp["x"]!; return [try avgPool(x, ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: "VALID")] },
        "tf.nn.l2_loss(x)": { inp in let x = inp["x"]!; return [try l2Loss(x)] },
        "tf.reduce_mean(tf.square(y - t))": { inp in let t = inp["t"]!; let y = inp["y"]!; return [try reduceMean(square(y - t))] },
        "tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y, 1), tf.argmax(t, 1)), tf.float32))": { inp in let t = inp["t"]!; let y = inp["y"]!; return [try reduceMean(cast(equal(argmax(y, axis: 1), argmax(t, axis: 1)), to: .float32))] },
        "tf.reduce_mean(-tf.reduce_sum(t * tf.log(tf.nn.softmax(logits)), reduction_indices=[1]))": { inp in let logits = inp["logits"]!; let t = inp["t"]!; return [try reduceMean(negative(reduceSum(t * log(softmax(logits)), axis: [1])), name: nil)] },
        "tf.nn.relu(tf.matmul(x, w) + b)": { inp in let b = inp["b"]!; let w = inp["w"]!; let x = inp["x"]!; return [try relu(matmul(x, w) + b)] },
        "tf.nn.max_pool(tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, k, [1,1,1,1], 'SAME'), b)), [1,2,2,1], [1,2,2,1], 'SAME')": { inp in let b = inp["b"]!; let k = inp["k"]!; let x = inp["x"]!; return [try maxPool(relu(biasAdd(conv2d(x, filter: k, strides: [1, 1, 1, 1], padding: "SAME"), b)), ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: "SAME")] },
        "tf.clip_by_value(x, -1.0, 1.0)": { inp in let x = inp["x"]!; return [try clipByValue(x, min: -1.0, max: 1.0)] },
        "tf.clip_by_value(x, lo, hi)": { inp in let hi = inp["hi"]!; let lo = inp["lo"]!; let x = inp["x"]!; return [try clipByValue(x, min: lo, max: hi)] },
        "tf.sin(x)": { inp in let x = inp["x"]!; return [try sin(x)] },
        "tf.cos(x)": { inp in let x = inp["x"]!; return [try cos(x)] },
        "tf.round(x)": { inp in let x = inp["x"]!; return [try round(x)] },
        "tf.floor(x)": { inp in let x = inp["x"]!; return [try floor(x)] },
        "tf.math.ceil(x)": { inp in let x = inp["x"]!; return [try ceil(x)] },
        "tf.math.reciprocal(x)": { inp in let x = inp["x"]!; return [try reciprocal(x)] },
        "tf.math.expm1(x)": { inp in let x = inp["x"]!; return [try expm1(x)] },
        "tf.nn.softsign(x)": { inp in let x = inp["x"]!; return [try softsign(x)] },
        "tf.logical_not(a)": { inp in let a = inp["a"]!; return [try logicalNot(a)] },
        "tf.logical_or(a, b)": { inp in let a = inp["a"]!; let b = inp["b"]!; return [try logicalOr(a, b)] },
        "tf.not_equal(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try notEqual(x, y)] },
        "tf.less_equal(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try lessEqual(x, y)] },
        "tf.argmin(x, axis=1)": { inp in let x = inp["x"]!; return [try argmin(x, axis: 1)] },
        "tf.placeholder_with_default(x, [2, 3])": { inp in
            let x = inp["x"]!
            return [try placeholderWithDefault(x, shape: Shape(known: [2, 3]))]
        },
        "tf.compat.v1.nn.fused_batch_norm(x, scale, offset)": { inp in
            let (y, mean, variance) = try fusedBatchNorm(inp["x"]!, scale: inp["scale"]!, offset: inp["offset"]!)
            return [y, mean, variance]
        },
        "tf.compat.v1.nn.fused_batch_norm(x, scale, offset, mean, variance, epsilon=0.01, exponential_avg_factor=0.3)": {
            inp in
            let (y, mean, variance) = try fusedBatchNorm(
                inp["x"]!, scale: inp["scale"]!, offset: inp["offset"]!, mean: inp["mean"]!, variance: inp["variance"]!,
                epsilon: 0.01, exponentialAvgFactor: 0.3)
            return [y, mean, variance]
        },
        "tf.compat.v1.nn.fused_batch_norm(x, scale, offset, mean, variance, exponential_avg_factor=0.9)": { inp in
            let (y, mean, variance) = try fusedBatchNorm(
                inp["x"]!, scale: inp["scale"]!, offset: inp["offset"]!, mean: inp["mean"]!, variance: inp["variance"]!,
                exponentialAvgFactor: 0.9)
            return [y, mean, variance]
        },
        "tf.compat.v1.nn.fused_batch_norm(x, scale, offset, mean, variance, is_training=False)": { inp in
            let (y, mean, variance) = try fusedBatchNorm(
                inp["x"]!, scale: inp["scale"]!, offset: inp["offset"]!, mean: inp["mean"]!, variance: inp["variance"]!,
                isTraining: false)
            return [y, mean, variance]
        },
        "tf.compat.v1.nn.fused_batch_norm(x, scale, offset, mean, variance, epsilon=1e-06, is_training=False)": { inp in
            let (y, mean, variance) = try fusedBatchNorm(
                inp["x"]!, scale: inp["scale"]!, offset: inp["offset"]!, mean: inp["mean"]!, variance: inp["variance"]!,
                epsilon: 1e-6, isTraining: false)
            return [y, mean, variance]
        },
        "tf.math.invert_permutation(x)": { inp in let x = inp["x"]!; return [try invertPermutation(x)] },
        "tf.unique(x)": { inp in let (y, idx) = try unique(inp["x"]!); return [y, idx] },
        "tf.unique(x, out_idx=tf.int64)": { inp in
            let (y, idx) = try unique(inp["x"]!, outIdx: .int64)
            return [y, idx]
        },
        "tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0)": { inp in
            [try reverseSequence(inp["x"]!, seqLengths: inp["lengths"]!, seqAxis: 1, batchAxis: 0)]
        },
        "tf.reverse_sequence(x, lengths, seq_axis=0, batch_axis=1)": { inp in
            [try reverseSequence(inp["x"]!, seqLengths: inp["lengths"]!, seqAxis: 0, batchAxis: 1)]
        },
        "tf.reverse_sequence(x, lengths, seq_axis=2, batch_axis=3)": { inp in
            [try reverseSequence(inp["x"]!, seqLengths: inp["lengths"]!, seqAxis: 2, batchAxis: 3)]
        },
        "tf.reverse(x, axis=[1])": { inp in [try reverse(inp["x"]!, axis: [1])] },
        "tf.reverse(x, axis=[0, -1])": { inp in [try reverse(inp["x"]!, axis: [0, -1])] },
        "tf.reverse(x, axis=[])": { inp in [try reverse(inp["x"]!, axis: [])] },
        "tf.cumsum(x, axis=1)": { inp in [try cumsum(inp["x"]!, axis: 1)] },
        "tf.cumsum(x, axis=-1, exclusive=True, reverse=True)": { inp in
            [try cumsum(inp["x"]!, axis: -1, exclusive: true, reverse: true)]
        },
        "tf.cumsum(x)": { inp in [try cumsum(inp["x"]!)] },
        "tf.math.cumprod(x, axis=0)": { inp in [try cumprod(inp["x"]!, axis: 0)] },
        "tf.math.cumprod(x, axis=1, exclusive=True)": { inp in [try cumprod(inp["x"]!, axis: 1, exclusive: true)] },
        "tf.math.cumprod(x, axis=-1, reverse=True)": { inp in [try cumprod(inp["x"]!, axis: -1, reverse: true)] },
        "tf.math.cumprod(x, exclusive=True, reverse=True)": { inp in
            [try cumprod(inp["x"]!, exclusive: true, reverse: true)]
        },
        "tf.broadcast_to(x, [2, 3, 4])": { inp in [try broadcastTo(inp["x"]!, shape: [2, 3, 4])] },
        "tf.broadcast_to(x, [4, 3])": { inp in [try broadcastTo(inp["x"]!, shape: [4, 3])] },
        "tf.broadcast_to(x, [2, 3])": { inp in [try broadcastTo(inp["x"]!, shape: [2, 3])] },
        "tf.linalg.band_part(x, 1, -1)": { inp in [try matrixBandPart(inp["x"]!, numLower: 1, numUpper: -1)] },
        "tf.linalg.band_part(x, 0, 0)": { inp in [try matrixBandPart(inp["x"]!, numLower: 0, numUpper: 0)] },
        "tf.linalg.band_part(x, -1, 0)": { inp in [try matrixBandPart(inp["x"]!, numLower: -1, numUpper: 0)] },
        "tf.linalg.band_part(x, 0, 2)": { inp in [try matrixBandPart(inp["x"]!, numLower: 0, numUpper: 2)] },
        "tf.nn.in_top_k(predictions, targets, 2)": { inp in
            [try inTopK(predictions: inp["predictions"]!, targets: inp["targets"]!, k: 2)]
        },
        "tf.nn.in_top_k(predictions, targets, 1)": { inp in
            [try inTopK(predictions: inp["predictions"]!, targets: inp["targets"]!, k: 1)]
        },
        "tf.nn.depthwise_conv2d(x, filter, strides=[1, 2, 2, 1], padding='SAME')": { inp in
            [try depthwiseConv2d(inp["x"]!, filter: inp["filter"]!, strides: [1, 2, 2, 1], padding: "SAME")]
        },
        "tf.nn.depthwise_conv2d(x, filter, strides=[1, 1, 1, 1], padding='VALID')": { inp in
            [try depthwiseConv2d(inp["x"]!, filter: inp["filter"]!, strides: [1, 1, 1, 1], padding: "VALID")]
        },
        "tf.nn.depthwise_conv2d(x, filter, strides=[1, 2, 1, 1], padding='VALID')": { inp in
            [try depthwiseConv2d(inp["x"]!, filter: inp["filter"]!, strides: [1, 2, 1, 1], padding: "VALID")]
        },
        "tf.nn.depthwise_conv2d_native(x, filter, strides=[1, 1, 1, 1], padding='VALID')": { inp in
            [try depthwiseConv2dNative(inp["x"]!, filter: inp["filter"]!, strides: [1, 1, 1, 1], padding: "VALID")]
        },
        "tf.nn.separable_conv2d(x, filter, pointwise, strides=[1, 1, 1, 1], padding='SAME')": { inp in
            [
                try separableConv2d(
                    inp["x"]!, depthwiseFilter: inp["filter"]!, pointwiseFilter: inp["pointwise"]!,
                    strides: [1, 1, 1, 1], padding: "SAME")
            ]
        },
        "tf.debugging.check_numerics(x, 'bad x')": { inp in [try checkNumerics(inp["x"]!, message: "bad x")] },
        "tf.nn.top_k(x, 2)": { inp in let top = try topK(inp["x"]!, k: 2); return [top.values, top.indices] },
        "tf.nn.top_k(x, 3)": { inp in let top = try topK(inp["x"]!, k: 3); return [top.values, top.indices] },
        "tf.nn.top_k(x, 4)": { inp in let top = try topK(inp["x"]!, k: 4); return [top.values, top.indices] },
        "tf.nn.top_k(x, k)": { inp in let top = try topK(inp["x"]!, k: inp["k"]!); return [top.values, top.indices] },
        "tf.math.is_finite(x)": { inp in [try isFinite(inp["x"]!)] },
        "tf.math.is_nan(x)": { inp in [try isNan(inp["x"]!)] },
        "tf.math.is_inf(x)": { inp in [try isInf(inp["x"]!)] },
        "tf.reduce_logsumexp(x, axis=1)": { inp in [try reduceLogSumExp(inp["x"]!, axis: [1])] },
        "tf.reduce_logsumexp(x, keepdims=True)": { inp in [try reduceLogSumExp(inp["x"]!, keepDims: true)] },
        "tf.gather_nd(x, indices)": { inp in [try gatherNd(inp["x"]!, indices: inp["indices"]!)] },
        "tf.gather_nd(x, [[1, 0], [0, 2]])": { inp in
            // TF converts the indices inside the op's name scope: `GatherNd/indices`.
            [
                try nameScope(nil, defaultName: "GatherNd") { scope in
                    try gatherNd(inp["x"]!, indices: constant([Int32(1), 0, 0, 2], shape: [2, 2], name: "indices"), name: scope)
                }
            ]
        },
        "tf.scatter_nd(indices, updates, [5, 3])": { inp in
            [try scatterNd(indices: inp["indices"]!, updates: inp["updates"]!, shape: [5, 3])]
        },
        "tf.scatter_nd(indices, updates, [3, 4])": { inp in
            [try scatterNd(indices: inp["indices"]!, updates: inp["updates"]!, shape: [3, 4])]
        },
        "tf.tensor_scatter_nd_update(x, indices, updates)": { inp in
            [try tensorScatterUpdate(inp["x"]!, indices: inp["indices"]!, updates: inp["updates"]!)]
        },
        "tf.einsum('ij,jk->ik', a, b)": { inp in [try einsum("ij,jk->ik", inp["a"]!, inp["b"]!)] },
        "tf.einsum('bij,bjk->bik', a, b)": { inp in [try einsum("bij,bjk->bik", inp["a"]!, inp["b"]!)] },
        "tf.einsum('ij->ji', a)": { inp in [try einsum("ij->ji", inp["a"]!)] },
        "tf.einsum('ij->i', a)": { inp in [try einsum("ij->i", inp["a"]!)] },
        "tf.einsum('i,j->ij', a, b)": { inp in [try einsum("i,j->ij", inp["a"]!, inp["b"]!)] },
        "tf.einsum('ij->', a)": { inp in [try einsum("ij->", inp["a"]!)] },
        "tf.einsum('ii->i', a)": { inp in [try einsum("ii->i", inp["a"]!)] },
        "tf.einsum('...ij,...jk->...ik', a, b)": { inp in [try einsum("...ij,...jk->...ik", inp["a"]!, inp["b"]!)] },
        "tf.einsum('...ij,jk->...ik', a, b)": { inp in [try einsum("...ij,jk->...ik", inp["a"]!, inp["b"]!)] },
        "tf.einsum('abc,cd->ad', a, b)": { inp in [try einsum("abc,cd->ad", inp["a"]!, inp["b"]!)] },
        "tf.einsum('ij,jk', a, b)": { inp in [try einsum("ij,jk", inp["a"]!, inp["b"]!)] },
        "tf.einsum('abc->ca', a)": { inp in [try einsum("abc->ca", inp["a"]!)] },
        "tf.tensordot(a, b, axes=[[1, 2], [0, 1]])": { inp in [try tensordot(inp["a"]!, inp["b"]!, axes: (a: [1, 2], b: [0, 1]))] },
        "tf.tensordot(a, b, axes=[[0], [2]])": { inp in [try tensordot(inp["a"]!, inp["b"]!, axes: (a: [0], b: [2]))] },
        "tf.tensordot(a, b, axes=1)": { inp in [try tensordot(inp["a"]!, inp["b"]!, axes: 1)] },
        "tf.clip_by_average_norm(x, 0.5)": { inp in [try clipByAverageNorm(inp["x"]!, clipNorm: 0.5)] },
        "tf.clip_by_average_norm(x, 4.0)": { inp in [try clipByAverageNorm(inp["x"]!, clipNorm: 4.0)] },
        "tf.where(m)": { inp in [try `where`(inp["m"]!)] },
        "tf.boolean_mask(x, m)": { inp in [try booleanMask(inp["x"]!, mask: inp["m"]!)] },
        "tf.boolean_mask(x, m, axis=1)": { inp in [try booleanMask(inp["x"]!, mask: inp["m"]!, axis: 1)] },
        "tf.dynamic_stitch([i0, i1], [a, b])": { inp in
            [try dynamicStitch(indices: [inp["i0"]!, inp["i1"]!], data: [inp["a"]!, inp["b"]!])]
        },
        "tf.raw_ops.ParallelDynamicStitch(indices=[i0, i1], data=[a, b])": { inp in
            [try parallelDynamicStitch(indices: [inp["i0"]!, inp["i1"]!], data: [inp["a"]!, inp["b"]!])]
        },
        "tf.dynamic_partition(x, partitions, 3)": { inp in
            try dynamicPartition(inp["x"]!, partitions: inp["partitions"]!, numPartitions: 3)
        },
        "tf.dynamic_partition(x, partitions, 2)": { inp in
            try dynamicPartition(inp["x"]!, partitions: inp["partitions"]!, numPartitions: 2)
        },
        "tf.nn.l2_normalize(x, axis=1)": { inp in [try l2Normalize(inp["x"]!, axis: [1])] },
        "tf.nn.l2_normalize(x, axis=[0, 2], epsilon=0.5)": { inp in
            [try l2Normalize(inp["x"]!, axis: [0, 2], epsilon: 0.5)]
        },
        "tf.reduce_all(a)": { inp in let a = inp["a"]!; return [try reduceAll(a)] },
        "tf.reduce_all(a, axis=1)": { inp in let a = inp["a"]!; return [try reduceAll(a, axis: [1])] },
        "tf.reduce_all(a, axis=[0, 2], keepdims=True)": { inp in let a = inp["a"]!; return [try reduceAll(a, axis: [0, 2], keepDims: true)] },
        "tf.reduce_any(a)": { inp in let a = inp["a"]!; return [try reduceAny(a)] },
        "tf.reduce_any(a, axis=0, keepdims=True)": { inp in let a = inp["a"]!; return [try reduceAny(a, axis: [0], keepDims: true)] },
        "tf.reduce_any(a, axis=[-1, 0])": { inp in let a = inp["a"]!; return [try reduceAny(a, axis: [-1, 0])] },
        "tf.reduce_any(a, axis=1)": { inp in let a = inp["a"]!; return [try reduceAny(a, axis: [1])] },
        "tf.math.floordiv(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try floorDiv(x, y)] },
        "tf.math.floormod(x, y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try floorMod(x, y)] },
        "tf.raw_ops.Add(x=x, y=y)": { inp in let x = inp["x"]!; let y = inp["y"]!; return [try rawOp("Add", inputs: [x, y]).output(0)] },
        "tf.raw_ops.Gather(params=params, indices=indices)": { inp in let indices = inp["indices"]!; let params = inp["params"]!; return [try rawOp("Gather", inputs: [params, indices]).output(0)] },
        "tf.raw_ops.ZerosLike(x=x)": { inp in let x = inp["x"]!; return [try rawOp("ZerosLike", inputs: [x]).output(0)] },
        "tf.raw_ops.OnesLike(x=x)": { inp in let x = inp["x"]!; return [try rawOp("OnesLike", inputs: [x]).output(0)] },
        "tf.raw_ops.ClipByValue(t=x, clip_value_min=lo, clip_value_max=hi)": { inp in let hi = inp["hi"]!; let lo = inp["lo"]!; let x = inp["x"]!; return [try rawOp("ClipByValue", inputs: [x, lo, hi]).output(0)] },
        "tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)  # deprecated v1": { inp in let labels = inp["labels"]!; let logits = inp["logits"]!; return [try softmaxCrossEntropyWithLogitsV1(labels: labels, logits: logits)] },
        "tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)": { inp in let labels = inp["labels"]!; let logits = inp["logits"]!; return [try sigmoidCrossEntropyWithLogits(labels: labels, logits: logits)] },
        "tf.nn.conv2d(x, filter, strides=[1, 1, 1, 1], padding=[[0, 0], [1, 2], [0, 1], [0, 0]])": { inp in let filter = inp["filter"]!; let x = inp["x"]!; return [try conv2d(x, filter: filter, strides: [1, 1, 1, 1], padding: [[0, 0], [1, 2], [0, 1], [0, 0]])] },
        "tf.losses.mean_squared_error(labels, predictions)": { inp in let labels = inp["labels"]!; let predictions = inp["predictions"]!; return [try meanSquaredError(labels: labels, predictions: predictions)] },
        "tf.losses.mean_squared_error(labels, predictions, weights=weights)": { inp in let labels = inp["labels"]!; let predictions = inp["predictions"]!; let weights = inp["weights"]!; return [try meanSquaredError(labels: labels, predictions: predictions, weights: weights)] },
        "tf.losses.softmax_cross_entropy(onehot_labels, logits)": { inp in let labels = inp["onehot_labels"]!; let logits = inp["logits"]!; return [try softmaxCrossEntropy(onehotLabels: labels, logits: logits)] },
        "tf.losses.sparse_softmax_cross_entropy(labels, logits)": { inp in let labels = inp["labels"]!; let logits = inp["logits"]!; return [try sparseSoftmaxCrossEntropy(labels: labels, logits: logits)] },]

/// An oracle case rebuilt in the default graph: its inputs as placeholders
/// (named and shaped as the oracle's), the values to feed them, and the outputs.
struct BuiltOracleCase {
    let inputs: [String: Tensor]
    let feeds: [Tensor: HostTensor]
    let outputs: [Tensor]

    init(_ c: OpOracle.Case) throws {
        var inputs: [String: Tensor] = [:]
        var feeds: [Tensor: HostTensor] = [:]
        for record in c.inputs {
            guard let name = record.name, let dtype = DType(rawValue: record.dtype) else {
                throw ScopeFlowError(.invalidArgument, "oracle input of \(c.id) has no name or an unknown dtype")
            }
            let input = try placeholder(dtype, shape: Shape(known: record.shape), name: name)
            inputs[name] = input
            feeds[input] = try record.hostTensor()
        }
        guard let builder = opBuilders[c.api] else {
            throw ScopeFlowError(.unimplemented, "no builder for \(c.api)")
        }
        self.inputs = inputs
        self.feeds = feeds
        outputs = try builder(inputs)
    }
}
