/// How a sliding-window op pads its input, from the `padding` and
/// `explicit_paddings` attributes.
enum WindowPadding: Sendable, Equatable {
    /// Pad so that `out = ceil(in / stride)`; the odd pixel goes bottom/right.
    case same
    /// No padding: every window lies inside the input.
    case valid
    /// Fixed `(top, bottom, left, right)` padding.
    case explicit(top: Int, bottom: Int, left: Int, right: Int)
}

/// The validated window attributes of a 2-D NHWC convolution or pooling op:
/// window size (pooling only), strides, dilations and padding.
struct WindowAttributes: Sendable {
    /// The window height and width; nil for convolutions, where the filter gives it.
    let window: (h: Int, w: Int)?
    let stride: (h: Int, w: Int)
    let dilation: (h: Int, w: Int)
    let padding: WindowPadding

    /// Parses and checks the attributes of `context`; `pooling` reads `ksize`
    /// and forbids dilations.
    init(_ context: KernelContext, pooling: Bool) throws {
        let op = "\(context.opType) '\(context.opName)'"
        func fail(_ text: String) -> ScopeFlowError {
            ScopeFlowError(.invalidArgument, "\(op) \(text).", names: [context.opName])
        }
        let format = context.string("data_format", default: "NHWC")
        guard format == "NHWC" else {
            throw ScopeFlowError(
                .unimplemented, "\(op) uses data_format \(format); the CPU kernel supports only NHWC, transpose to NHWC.",
                names: [context.opName])
        }
        func spatial(_ key: String) throws -> (h: Int, w: Int) {
            let values = context.ints(key, default: [1, 1, 1, 1])
            guard values.count == 4 else { throw fail("needs 4 values in '\(key)' (NHWC), got \(values)") }
            guard values[0] == 1, values[3] == 1 else {
                throw fail("supports '\(key)' only along height and width; set the batch and depth entries to 1, got \(values)")
            }
            guard values[1] >= 1, values[2] >= 1 else { throw fail("needs positive '\(key)', got \(values)") }
            return (values[1], values[2])
        }
        if pooling {
            guard context.attrs["ksize"] != nil else { throw fail("needs the attribute 'ksize'") }
            window = try spatial("ksize")
            dilation = (1, 1)
        } else {
            window = nil
            dilation = try spatial("dilations")
        }
        guard context.attrs["strides"] != nil else { throw fail("needs the attribute 'strides'") }
        stride = try spatial("strides")
        switch context.string("padding", default: "") {
        case "SAME": padding = .same
        case "VALID": padding = .valid
        case "EXPLICIT":
            let p = context.ints("explicit_paddings", default: [])
            guard p.count == 8, p.allSatisfy({ $0 >= 0 }), p[0] == 0, p[1] == 0, p[6] == 0, p[7] == 0 else {
                throw fail(
                    "with padding EXPLICIT needs 8 non-negative explicit_paddings with zero batch and depth padding, got \(p)")
            }
            padding = .explicit(top: p[2], bottom: p[3], left: p[4], right: p[5])
        case let other:
            throw fail("has padding '\(other)'; use \"SAME\", \"VALID\" or \"EXPLICIT\"")
        }
    }

    /// The geometry for an input of `height x width` and a `kh x kw` window
    /// (pooling ops pass nil and use their `ksize`).
    func geometry(height: Int, width: Int, kernel: (h: Int, w: Int)? = nil, op: String) throws -> WindowGeometry {
        let k = kernel ?? window ?? (1, 1)
        let (outH, top) = try Self.extent(
            input: height, kernel: k.h, stride: stride.h, dilation: dilation.h, padding: padding, vertical: true, op: op)
        let (outW, left) = try Self.extent(
            input: width, kernel: k.w, stride: stride.w, dilation: dilation.w, padding: padding, vertical: false, op: op)
        return WindowGeometry(
            inH: height, inW: width, outH: outH, outW: outW, kH: k.h, kW: k.w, strideH: stride.h, strideW: stride.w,
            dilationH: dilation.h, dilationW: dilation.w, padTop: top, padLeft: left)
    }

    /// Output length and leading padding along one spatial dimension.
    private static func extent(
        input: Int, kernel: Int, stride: Int, dilation: Int, padding: WindowPadding, vertical: Bool, op: String
    ) throws -> (Int, Int) {
        let effective = (kernel - 1) * dilation + 1
        let output: Int, before: Int
        switch padding {
        case .same:
            output = (input + stride - 1) / stride
            before = max((output - 1) * stride + effective - input, 0) / 2
        case .valid:
            output = input >= effective ? (input - effective) / stride + 1 : -1
            before = 0
        case .explicit(let top, let bottom, let left, let right):
            let padded = input + (vertical ? top + bottom : left + right)
            output = padded >= effective ? (padded - effective) / stride + 1 : -1
            before = vertical ? top : left
        }
        guard output >= 0 else {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(op): the window (\(kernel), dilated to \(effective)) is larger than the padded input (\(input)); "
                    + "the computed output size would be negative. Use a smaller window or SAME padding.")
        }
        return (output, before)
    }
}

/// The resolved sizes of one 2-D sliding window over an NHWC input.
struct WindowGeometry: Sendable {
    let inH: Int, inW: Int
    let outH: Int, outW: Int
    let kH: Int, kW: Int
    let strideH: Int, strideW: Int
    let dilationH: Int, dilationW: Int
    /// Rows/columns of padding before the first input row/column.
    let padTop: Int, padLeft: Int

    /// True when the window is a plain per-pixel product (1x1, stride 1, no padding).
    var isPointwise: Bool {
        kH == 1 && kW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0 && outH == inH && outW == inW
    }

    /// The input row that output row `oh` reads at window offset `kh` (may lie in the padding).
    @inline(__always) func inputRow(_ oh: Int, _ kh: Int) -> Int { oh * strideH - padTop + kh * dilationH }
    /// The input column that output column `ow` reads at window offset `kw` (may lie in the padding).
    @inline(__always) func inputColumn(_ ow: Int, _ kw: Int) -> Int { ow * strideW - padLeft + kw * dilationW }
}

/// Reads a rank-1 int32/int64 shape tensor (`input_sizes`, `filter_sizes`,
/// `orig_input_shape`) with `count` non-negative entries.
func shapeArgument(_ tensor: HostTensor, count: Int, name: String, context: KernelContext) throws -> [Int] {
    let values: [Int]
    switch tensor.storage {
    case .int32(let v): values = v.map(Int.init)
    case .int64(let v): values = v.map(Int.init)
    default: values = []
    }
    guard tensor.shape == [count], values.count == count, values.allSatisfy({ $0 >= 0 }) else {
        throw ScopeFlowError(
            .invalidArgument,
            "\(context.opType) '\(context.opName)' needs '\(name)' as \(count) non-negative int32/int64 values, "
                + "got a \(tensor.dtype) tensor of shape \(tensor.shape).", names: [context.opName])
    }
    return values
}

/// The elements of `tensor` as `[T]`, or a dtype error naming the op and the input.
func typedValues<T: HostScalar>(_ tensor: HostTensor, as type: T.Type, input: String, context: KernelContext) throws -> [T] {
    guard let values = T.values(in: tensor.storage) else {
        throw ScopeFlowError(
            .dtypeMismatch,
            "\(context.opType) '\(context.opName)' needs '\(input)' of type \(T.dtype), got \(tensor.dtype); "
                + "cast the inputs to one float type.", names: [context.opName])
    }
    return values
}

/// A computation over float tensors written once for every ``GemmScalar``;
/// ``run(_:context:)`` picks the Swift type from the dtype.
protocol FloatComputation {
    func callAsFunction<T: GemmScalar>(_ type: T.Type) throws -> HostTensor
}

extension FloatComputation {
    /// Runs the computation for `dtype` (float32 or float64).
    func run(_ dtype: DType, context: KernelContext) throws -> HostTensor {
        switch dtype {
        case .float32: return try self(Float.self)
        case .float64: return try self(Double.self)
        default:
            throw ScopeFlowError(
                .unimplemented,
                "\(context.opType) '\(context.opName)' supports float32 and float64 on CPU, not \(dtype); cast the input.",
                names: [context.opName])
        }
    }
}
