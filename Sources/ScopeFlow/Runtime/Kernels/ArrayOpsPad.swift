/// Padding kernels: Pad, PadV2 and MirrorPad.
extension Kernels {
    /// `Pad(input, paddings)`: zeros around the input.
    static let pad: KernelFactory = { context in padKernel(context, mode: .constant, explicitValue: false) }
    /// `PadV2(input, paddings, constant_values)`: the given scalar around the input.
    static let padV2: KernelFactory = { context in padKernel(context, mode: .constant, explicitValue: true) }
}

/// What fills the padding.
private enum PadMode: Sendable {
    /// A constant: zero for Pad, the `constant_values` input for PadV2.
    case constant
    /// The input mirrored without repeating the edge element.
    case reflect
    /// The input mirrored including the edge element.
    case symmetric
}

/// `Pad(input, paddings)` and `PadV2(input, paddings, constant_values)`: the input
/// with `paddings[i][0]` elements before and `paddings[i][1]` after it along
/// dimension `i`, all set to zero or `constant_values`.
private func padKernel(_ context: KernelContext, mode: PadMode, explicitValue: Bool) -> Kernel {
    return { inputs in
        try context.checkInputCount(inputs, explicitValue ? 3 : 2)
        let x = inputs[0]
        let layout = try PadLayout(of: x, paddings: inputs[1], mode: mode, context: context)
        var value = zeroScalar(like: x.storage)
        if explicitValue {
            let constant = inputs[2]
            guard constant.shape.isEmpty, constant.dtype == x.dtype else {
                throw context.arrayError(
                    .invalidArgument,
                    "constant_values must be a \(x.dtype) scalar like the input, but is a \(constant.dtype) "
                        + "tensor of shape \(tfShape(constant.shape)).")
            }
            value = constant.storage
        }
        return [try layout.apply(to: x, padValue: value)]
    }
}

/// `MirrorPad(input, paddings)`: padding filled by mirroring the input at its
/// edges, `REFLECT` (edge not repeated) or `SYMMETRIC` (edge repeated).
func mirrorPadKernel(_ context: KernelContext) throws -> Kernel {
    let modeName = context.string("mode", default: "")
    let mode: PadMode
    switch modeName.uppercased() {
    case "REFLECT": mode = .reflect
    case "SYMMETRIC": mode = .symmetric
    default:
        throw context.arrayError(.invalidArgument, "mode must be REFLECT or SYMMETRIC, not '\(modeName)'.")
    }
    return { inputs in
        try context.checkInputCount(inputs, 2)
        let x = inputs[0]
        let layout = try PadLayout(of: x, paddings: inputs[1], mode: mode, context: context)
        return [try layout.apply(to: x, padValue: nil)]
    }
}

/// A zero of `storage`'s type (`false` for bool, the empty string for string), as one-element storage.
private func zeroScalar(like storage: HostTensor.Storage) -> HostTensor.Storage {
    switch storage {
    case .float16: return .float16([0])
    case .float32: return .float32([0])
    case .float64: return .float64([0])
    case .int32: return .int32([0])
    case .int64: return .int64([0])
    case .bool: return .bool([false])
    case .string: return .string([""])
    }
}

/// A validated padding of one input shape. The output is written front to back,
/// one dimension at a time: padding before, the input's slices, padding after.
private struct PadLayout: Sendable {
    let inputShape: [Int]
    let before: [Int]
    let after: [Int]
    let mode: PadMode
    let outputShape: [Int]
    let inputStrides: [Int]
    let outputStrides: [Int]

    init(of input: HostTensor, paddings: HostTensor, mode: PadMode, context: KernelContext) throws {
        let shape = input.shape
        let rank = shape.count
        guard paddings.shape == [rank, 2] else {
            throw context.arrayError(
                .invalidArgument,
                "paddings must be a [rank, 2] = [\(rank),2] matrix for an input of shape \(tfShape(shape)), "
                    + "but has shape \(tfShape(paddings.shape)).")
        }
        let values = try context.indexValues(paddings, "paddings")
        let before = stride(from: 0, to: values.count, by: 2).map { values[$0] }
        let after = stride(from: 1, to: values.count, by: 2).map { values[$0] }
        for d in 0..<rank {
            guard before[d] >= 0, after[d] >= 0 else {
                throw context.arrayError(
                    .invalidArgument, "Paddings must be non-negative: \(before[d]) \(after[d]) (dimension \(d)).")
            }
            let limit: Int
            switch mode {
            case .constant: continue
            case .reflect: limit = shape[d] - 1
            case .symmetric: limit = shape[d]
            }
            guard before[d] <= limit, after[d] <= limit else {
                throw context.arrayError(
                    .invalidArgument,
                    "paddings \(before[d]), \(after[d]) of dimension \(d) must be at most \(limit) "
                        + "(the dimension is \(shape[d]); \(mode == .reflect ? "REFLECT" : "SYMMETRIC") mode).")
            }
        }
        inputShape = shape
        self.before = before
        self.after = after
        self.mode = mode
        outputShape = try (0..<rank).map {
            try ShapeCheck.paddedSize(shape[$0], before[$0], after[$0], of: context.opName)
        }
        _ = try context.checkedElementCount(outputShape, allocating: input.dtype)
        inputStrides = rowMajorStrides(shape)
        outputStrides = rowMajorStrides(outputShape)
    }

    /// `input` padded; `padValue` is the one-element storage of the constant (nil when mirroring).
    func apply(to input: HostTensor, padValue: HostTensor.Storage?) throws -> HostTensor {
        if before.allSatisfy({ $0 == 0 }) && after.allSatisfy({ $0 == 0 }) { return input }
        let storage = try input.storage.accept(PadVisitor(layout: self, padValue: padValue))
        return HostTensor(uncheckedStorage: storage, shape: outputShape)
    }

    /// The padded elements of `source`; `value` fills constant padding.
    fileprivate func pad<T>(_ source: [T], value: T?) -> [T] {
        let count = outputShape.reduce(1, *)
        if source.isEmpty, let value { return [T](repeating: value, count: count) }
        return source.withUnsafeBufferPointer { buffer in
            makeArray(count: count) { destination in
                guard let base = buffer.baseAddress else { return }
                var out = destination
                write(dimension: 0, position: 0, source: base, out: &out, value: value)
            }
        }
    }

    /// Writes the output block of `dimension` whose input block starts at `position`.
    private func write<T>(
        dimension d: Int, position: Int, source: UnsafePointer<T>, out: inout UnsafeMutablePointer<T>, value: T?
    ) {
        let size = inputShape[d]
        let innermost = d == inputShape.count - 1
        func emit(_ index: Int) {
            if innermost {
                out.initialize(to: source[position + index])
                out += 1
            } else {
                write(dimension: d + 1, position: position + index * inputStrides[d], source: source, out: &out, value: value)
            }
        }
        func padding(_ indices: Range<Int>) {
            if let value {
                let count = indices.count * outputStrides[d]
                out.initialize(repeating: value, count: count)
                out += count
            } else {
                for i in indices { emit(mirrored(i, size: size)) }
            }
        }
        padding(-before[d]..<0)
        if innermost {
            out.initialize(from: source + position, count: size)
            out += size
        } else {
            for i in 0..<size { emit(i) }
        }
        padding(size..<(size + after[d]))
    }

    /// The input index that mirrored padding index `i` (outside `0..<size`) copies.
    private func mirrored(_ i: Int, size: Int) -> Int {
        let edge = mode == .reflect ? 0 : 1
        return i < 0 ? -i - edge : 2 * size - 2 + edge - i
    }
}

/// Pads the visited array with a ``PadLayout``.
private struct PadVisitor: StorageVisitor {
    let layout: PadLayout
    let padValue: HostTensor.Storage?

    func visit<T: HostScalar>(_ values: [T]) throws -> HostTensor.Storage {
        guard let padValue else { return T.storage(layout.pad(values, value: nil)) }
        guard let value = T.values(in: padValue)?.first else {
            throw ScopeFlowError(.dtypeMismatch, "The padding value must have the input's dtype \(T.dtype).")
        }
        return T.storage(layout.pad(values, value: value))
    }
}
