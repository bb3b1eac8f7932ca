/// The block of `x` starting at `begin` with `size` (-1: to the end) (TF's `tf.slice`,
/// op `Slice` with `Const`s `Slice/begin` and `Slice/size`).
public func slice(
    _ x: any TensorConvertible, begin: [Int], size: [Int], name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "Slice", values: [input]) { scope in
        try sliceOp(
            input, begin: indexVector(begin, name: "begin"), size: indexVector(size, name: "size"), name: scope,
            location: SourceLocation(fileID: file, line: line))
    }
}

/// The `Slice` op for begin and size given as tensors, with its shape function.
func sliceOp(_ input: Tensor, begin: Tensor, size: Tensor, name: String, location: SourceLocation) throws -> Tensor {
    try makeOp(
        "Slice", name: name, defaultName: "Slice", inputs: [input, begin, size],
        attrs: ["T": .type(input.dtype), "Index": .type(begin.dtype)], location: location, shape: .slice
    ).output(0)
}

extension ShapeFunction {
    /// `Slice(input, begin, size)`: the build-time `size`, a -1 running from `begin` to the end.
    static let slice = ShapeFunction(inputTypes: ["T": 0, "Index": 1]) { op in
        try op.requireInputs(3)
        let (input, begin, size) = (op.inputs[0], op.inputs[1], op.inputs[2])
        let opName = op.opName
        guard let sizes = staticInts(size) else {
            return [
                OutputSpec(
                    dtype: input.dtype,
                    shape: size.shape.dims?.first.flatMap { $0 }.map { Shape([Int?](repeating: nil, count: $0)) }
                        ?? .unknown)
            ]
        }
        let dims = input.shape.dims ?? sizes.map { _ in nil }
        let begins = staticInts(begin)
        guard dims.count == sizes.count, begins.map({ $0.count == sizes.count }) ?? true else {
            throw ScopeFlowError(
                .invalidArgument,
                "Length of begin and size must equal the rank of the input \(input.shape.bracketed) for '\(opName)' (Slice).",
                names: [opName])
        }
        let out: [Int?] = try sizes.indices.map { i in
            guard sizes[i] == -1 else { return sizes[i] }
            guard let d = dims[i], let b = begins?[i] else { return nil }
            guard b <= d else {
                throw ScopeFlowError(
                    .invalidArgument, "Slice '\(opName)' begins at \(b) past dimension \(i) of size \(d).",
                    names: [opName])
            }
            return d - b
        }
        return [OutputSpec(dtype: input.dtype, shape: Shape(out))]
    }
}

/// One entry of a Python-style index into a tensor (`x[1]`, `x[1:3]`, `x[..., ::2]`, `x[:, tf.newaxis]`).
public enum SliceIndex: Sendable, ExpressibleByIntegerLiteral {
    /// One position, removing the dimension (`x[1]`).
    case index(Int)
    /// `start:stop:step`; nil bounds run to the edge (`x[1:]`, `x[::-1]`).
    case range(Int?, Int?, step: Int = 1)
    /// Every position (`:`).
    public static let all = SliceIndex.range(nil, nil)
    /// `...`: as many full dimensions as needed.
    case ellipsis
    /// A new size-1 dimension (`tf.newaxis`).
    case newAxis

    public init(integerLiteral value: Int) { self = .index(value) }
}

extension Tensor {
    /// Python-style indexing (TF's `x[...]`): a `StridedSlice` named `strided_slice`
    /// with `Const`s `strided_slice/stack`, `stack_1`, `stack_2`.
    public subscript(_ indices: SliceIndex...) -> Tensor {
        get throws {
            var begin: [Int] = []
            var end: [Int] = []
            var strides: [Int] = []
            var masks = (begin: 0, end: 0, ellipsis: 0, newAxis: 0, shrink: 0)
            for (i, index) in indices.enumerated() {
                let bit = 1 << i
                switch index {
                case .index(let k):
                    (begin, end, strides) = (begin + [k], end + [k + 1], strides + [1])
                    masks.shrink |= bit
                case .range(let start, let stop, let step):
                    (begin, end, strides) = (begin + [start ?? 0], end + [stop ?? 0], strides + [step])
                    if start == nil { masks.begin |= bit }
                    if stop == nil { masks.end |= bit }
                case .ellipsis, .newAxis:
                    (begin, end, strides) = (begin + [0], end + [0], strides + [1])
                    if case .ellipsis = index { masks.ellipsis |= bit } else { masks.newAxis |= bit }
                }
            }
            return try nameScope(nil, defaultName: "strided_slice", values: [self]) { scope in
                try stridedSliceOp(
                    self, indexVector(begin, name: "stack"), indexVector(end, name: "stack_1"),
                    indexVector(strides, name: "stack_2"),
                    masks: [masks.begin, masks.end, masks.ellipsis, masks.newAxis, masks.shrink], name: scope,
                    location: SourceLocation(fileID: "", line: 0))
            }
        }
    }
}

/// `x[begin:end:strides]` with TF's masks (TF's `tf.strided_slice`, op `StridedSlice`
/// with `Const`s `StridedSlice/begin`, `end` and `strides`).
public func stridedSlice(
    _ x: any TensorConvertible, begin: [Int], end: [Int], strides: [Int], beginMask: Int = 0, endMask: Int = 0,
    ellipsisMask: Int = 0, newAxisMask: Int = 0, shrinkAxisMask: Int = 0, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "StridedSlice", values: [input]) { scope in
        try stridedSliceOp(
            input, indexVector(begin, name: "begin"), indexVector(end, name: "end"),
            indexVector(strides, name: "strides"),
            masks: [beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask], name: scope,
            location: SourceLocation(fileID: file, line: line))
    }
}

/// `vector[index]` for an int32 scalar tensor `index`, as TF's `x[i]` builds it for a tensor `i`:
/// `index + 1` (`add`), then a `StridedSlice` named `strided_slice` whose begin and end are the
/// `Pack`s `stack` and `stack_1` and whose strides are the `Const` `stack_2`.
func element(of vector: Tensor, at index: Tensor, location: SourceLocation) throws -> Tensor {
    let next = try scalarBinary("AddV2", index, 1, defaultName: "add", scalarFirst: false, location: location)
    return try nameScope(nil, defaultName: "strided_slice", values: [vector, index]) { scope in
        try stridedSliceOp(
            vector, stack([index], name: "stack"), stack([next], name: "stack_1"), indexVector([1], name: "stack_2"),
            masks: [0, 0, 0, 0, 1], name: scope, location: location)
    }
}

/// The `StridedSlice` op; `masks` are begin, end, ellipsis, new-axis and shrink-axis.
private func stridedSliceOp(
    _ input: Tensor, _ begin: Tensor, _ end: Tensor, _ strides: Tensor, masks: [Int], name: String,
    location: SourceLocation
) throws -> Tensor {
    let keys = ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"]
    var attrs: AttrMap = ["T": .type(input.dtype), "Index": .type(.int32)]
    for (key, mask) in zip(keys, masks) { attrs[key] = .int(mask) }
    return try makeOp(
        "StridedSlice", name: name, defaultName: "StridedSlice", inputs: [input, begin, end, strides], attrs: attrs,
        location: location, shape: .stridedSlice
    ).output(0)
}

extension ShapeFunction {
    /// `StridedSlice(input, begin, end, strides)`: each dimension's count of strided positions
    /// between the build-time bounds, as the `*_mask` attributes (0 by default) adjust them.
    static let stridedSlice = ShapeFunction(inputTypes: ["T": 0, "Index": 1]) { op in
        try op.requireInputs(4)
        let input = op.inputs[0]
        let opName = op.opName
        let masks = ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"].map {
            op.attrs[$0]?.intValue ?? 0
        }
        guard let dims = input.shape.dims, let b = staticInts(op.inputs[1]), let e = staticInts(op.inputs[2]),
            let s = staticInts(op.inputs[3]), b.count == e.count, b.count == s.count
        else { return [OutputSpec(dtype: input.dtype, shape: .unknown)] }
        let newAxes = (0..<b.count).filter { masks[3] & (1 << $0) != 0 }.count
        var out: [Int?] = []
        var d = 0
        for i in 0..<b.count {
            let bit = 1 << i
            if masks[2] & bit != 0 {
                let full = dims.count - (b.count - 1 - newAxes)
                out += dims[d..<Swift.min(dims.count, d + Swift.max(full, 0))]
                d += Swift.max(full, 0)
                continue
            }
            if masks[3] & bit != 0 {
                out.append(1)
                continue
            }
            guard d < dims.count, s[i] != 0 else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Index out of range using input dim \(d) (or a zero stride) for '\(opName)' (StridedSlice).",
                    names: [opName])
            }
            defer { d += 1 }
            guard let size = dims[d] else {
                if masks[4] & bit == 0 { out.append(nil) }
                continue
            }
            func canonical(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(v < 0 ? v + size : v, lo), hi) }
            if masks[4] & bit != 0 {
                let k = b[i] < 0 ? b[i] + size : b[i]
                guard k >= 0, k < size else {
                    throw ScopeFlowError(
                        .invalidArgument,
                        "slice index \(b[i]) of dimension \(d) out of bounds for '\(opName)' (StridedSlice).",
                        names: [opName])
                }
                continue
            }
            let count: Int
            if s[i] > 0 {
                let lo = masks[0] & bit != 0 ? 0 : canonical(b[i], 0, size)
                let hi = masks[1] & bit != 0 ? size : canonical(e[i], 0, size)
                count = Swift.max(0, (hi - lo + s[i] - 1) / s[i])
            } else {
                let hi = masks[0] & bit != 0 ? size - 1 : canonical(b[i], -1, size - 1)
                let lo = masks[1] & bit != 0 ? -1 : canonical(e[i], -1, size - 1)
                count = Swift.max(0, (hi - lo - s[i] - 1) / -s[i])
            }
            out.append(count)
        }
        out += dims[Swift.min(d, dims.count)...]
        return [OutputSpec(dtype: input.dtype, shape: Shape(out))]
    }
}

/// The slices of `params` at `indices` along `axis` (TF's `tf.gather`, always op `GatherV2`
/// with its axis a `Const` named `GatherV2/axis`).
public func gather(
    _ params: any TensorConvertible, indices: any TensorConvertible, axis: Int = 0, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (p, i) = (params.tensor, indices.tensor)
    return try nameScope(name, defaultName: "GatherV2", values: [p, i]) { scope in
        let axisTensor = try indexScalar(axis, name: "axis")
        return try makeOp(
            "GatherV2", name: scope, defaultName: "GatherV2", inputs: [p, i, axisTensor],
            attrs: [
                "Tparams": .type(p.dtype), "Tindices": .type(i.dtype), "Taxis": .type(.int32), "batch_dims": .int(0),
            ],
            location: SourceLocation(fileID: file, line: line), shape: .gatherV2
        ).output(0)
    }
}

/// The deprecated `Gather` op, slices of `params` along axis 0 (TF's `tf.raw_ops.Gather`;
/// `tf.gather` builds `GatherV2`).
func legacyGather(_ params: Tensor, indices: Tensor, name: String?, location: SourceLocation) throws -> Tensor {
    try makeOp(
        "Gather", name: name, defaultName: "Gather", inputs: [params, indices],
        attrs: ["Tparams": .type(params.dtype), "Tindices": .type(indices.dtype), "validate_indices": .bool(true)],
        location: location, shape: .gather
    ).output(0)
}

extension ShapeFunction {
    /// `GatherV2(params, indices, axis)`: the indices' dimensions in place of the axis (its build-time value).
    static let gatherV2 = ShapeFunction(inputTypes: ["Tparams": 0, "Tindices": 1, "Taxis": 2]) { op in
        try op.requireInputs(3)
        let shape = try gatheredShape(op.inputs[0], op.inputs[1], axis: staticInts(op.inputs[2])?.first, op: op)
        return [OutputSpec(dtype: op.inputs[0].dtype, shape: shape)]
    }

    /// The legacy `Gather(params, indices)`: the indices' dimensions in place of axis 0.
    static let gather = ShapeFunction(inputTypes: ["Tparams": 0, "Tindices": 1]) { op in
        try op.requireInputs(2)
        return [
            OutputSpec(dtype: op.inputs[0].dtype, shape: try gatheredShape(op.inputs[0], op.inputs[1], axis: 0, op: op))
        ]
    }
}

/// The shape of gathering `indices` from `params` along `axis`: the indices' dims replace that axis.
private func gatheredShape(_ params: Tensor, _ indices: Tensor, axis: Int?, op: ShapeInference) throws -> Shape {
    try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
    guard let dims = params.shape.dims, let idx = indices.shape.dims, let axis,
        let a = try normalizedAxis(axis, rank: dims.count, opName: op.opName)
    else { return .unknown }
    return Shape(Array(dims[..<a]) + idx + Array(dims[(a + 1)...]))
}

/// A one-hot encoding of `indices` with `depth` classes along `axis` (TF's `tf.one_hot`, op `OneHot`
/// named `one_hot`; default on/off values are `Const`s `one_hot/on_value` and `one_hot/off_value`).
public func oneHot(
    _ indices: any TensorConvertible, depth: Int, onValue: Double? = nil, offValue: Double? = nil, axis: Int = -1,
    dtype: DType = .float32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let i = indices.tensor
    return try nameScope(name, defaultName: "one_hot", values: [i]) { scope in
        let on = try constant(HostTensor(scalar: onValue ?? 1), dtype: dtype, name: onValue == nil ? "on_value" : nil)
        let off = try constant(
            HostTensor(scalar: offValue ?? 0), dtype: dtype, name: offValue == nil ? "off_value" : nil)
        let d = try indexScalar(depth, name: "depth")
        return try makeOp(
            "OneHot", name: scope, defaultName: "one_hot", inputs: [i, d, on, off],
            attrs: ["T": .type(dtype), "TI": .type(i.dtype), "axis": .int(axis)],
            location: SourceLocation(fileID: file, line: line),
            shape: .oneHot
        ).output(0)
    }
}

extension ShapeFunction {
    /// `OneHot(indices, depth, on_value, off_value)`: the indices' shape with a dimension of the
    /// build-time `depth` inserted at `axis` (-1, the end, by default), of the on value's dtype.
    static let oneHot = ShapeFunction(inputTypes: ["T": 2, "TI": 0]) { op in
        try op.requireInputs(4)
        let (i, dtype) = (op.inputs[0], op.inputs[2].dtype)
        let opName = op.opName
        try requireDType(i, in: [.int32, .int64], argument: "indices", opType: "OneHot")
        guard var dims = i.shape.dims else { return [OutputSpec(dtype: dtype, shape: .unknown)] }
        let axis = op.attrs["axis"]?.intValue ?? -1
        guard axis >= -1, axis <= dims.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Expected axis to be -1 or between [0, \(dims.count)], but got \(axis) for '\(opName)' (OneHot).",
                names: [opName])
        }
        let depth = staticInts(op.inputs[1])?.first
        if let depth, depth < 0 {
            throw ScopeFlowError(
                .invalidArgument,
                "Dimension size, given by scalar input 1, must be non-negative but is \(depth) for '\(opName)' "
                    + "(OneHot); pass depth >= 0.",
                names: [opName])
        }
        dims.insert(depth, at: axis == -1 ? dims.count : axis)
        return [OutputSpec(dtype: dtype, shape: Shape(dims))]
    }
}
