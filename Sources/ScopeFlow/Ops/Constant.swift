/// A constant tensor holding `value` (TF's `tf.constant`), op name `Const` by default.
///
/// - Parameters:
///   - value: The value. With `shape`, a single element fills the shape.
///   - dtype: Converts the value to this dtype.
///   - shape: The shape to give the value; its element count must match, or `value` must have one element.
public func constant(
    _ value: HostTensor, dtype: DType? = nil, shape: [Int]? = nil, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try constant(value, dtype: dtype, shape: shape, name: name, location: SourceLocation(fileID: file, line: line))
}

/// ``constant(_:dtype:shape:name:file:line:)`` for callers that already hold the user's location.
func constant(
    _ value: HostTensor, dtype: DType? = nil, shape: [Int]? = nil, name: String? = nil, location: SourceLocation
) throws -> Tensor {
    var value = try value.converted(to: dtype ?? value.dtype)
    if let shape, shape != value.shape {
        value = try value.filling(shape: shape, for: name ?? "Const")
    }
    let graph = BuildContext.effective.graph
    let op = try graph.addOperation(
        type: "Const", name: name, defaultName: "Const", inputs: [],
        attrs: ["dtype": .type(value.dtype), "value": .tensor(value)],
        location: location
    ) { _ in [OutputSpec(dtype: value.dtype, shape: Shape(known: value.shape))] }
    return op.output(0)
}

/// A scalar constant (`tf.constant(3.0)`); `Double` literals become float32 as in TF.
public func constant(
    _ value: Double, dtype: DType = .float32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try constant(
        HostTensor(scalar: value), dtype: dtype, name: name, location: SourceLocation(fileID: file, line: line))
}

/// A constant from row-major scalars with a shape (default: a vector).
public func constant<T: HostScalar>(
    _ values: [T], shape: [Int]? = nil, dtype: DType? = nil, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try constant(
        HostTensor(values), dtype: dtype, shape: shape, name: name, location: SourceLocation(fileID: file, line: line))
}

/// A scalar constant of any element type (`Int32(3)`, `true` …).
public func constant<T: HostScalar>(
    _ value: T, dtype: DType? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try constant(
        HostTensor(scalar: value), dtype: dtype, name: name, location: SourceLocation(fileID: file, line: line))
}

/// A placeholder for a value fed at run time (TF's `tf.compat.v1.placeholder`).
///
/// - Parameter shape: The static shape; ``Shape/unknown`` (the default) accepts any shape.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative size or more than `2^63 - 1` elements.
public func placeholder(
    _ dtype: DType, shape: Shape = .unknown, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let graph = BuildContext.effective.graph
    try ShapeCheck.validate(shape, of: name ?? "Placeholder")
    let op = try graph.addOperation(
        type: "Placeholder", name: name, defaultName: "Placeholder", inputs: [],
        attrs: ["dtype": .type(dtype), "shape": .shape(shape)], location: SourceLocation(fileID: file, line: line)
    ) { _ in [OutputSpec(dtype: dtype, shape: shape)] }
    return op.output(0)
}

/// A placeholder that takes `input`'s value when nothing is fed to it (TF's
/// `tf.compat.v1.placeholder_with_default`, op `PlaceholderWithDefault`). `shape` may be less
/// specific than `input`'s (`[nil, 3]` for a batch of any size) but must be compatible with it.
///
/// ```swift
/// let isTraining = try placeholderWithDefault(constant(false), shape: [], name: "is_training")
/// // session.run(y) uses false; session.run(y, feeds: [isTraining: HostTensor(scalar: true)]) trains
/// ```
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `input`'s shape does not fit `shape`.
public func placeholderWithDefault(
    _ input: Tensor, shape: Shape, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try makeOp(
        "PlaceholderWithDefault", name: name, defaultName: "PlaceholderWithDefault", inputs: [input],
        attrs: ["dtype": .type(input.dtype), "shape": .shape(shape)],
        location: SourceLocation(fileID: file, line: line),
        shape: .placeholderWithDefault
    ).output(0)
}

/// A placeholder whose default is the constant `value` (TF's `placeholder_with_default(False, [],
/// name="is_training")`): the value becomes a `Const` named `input` in the placeholder's name
/// scope (`is_training/input`), as TF converts a Python value.
///
/// ```swift
/// let isTraining = try placeholderWithDefault(HostTensor(scalar: false), shape: [], name: "is_training")
/// ```
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `value`'s shape does not fit `shape`.
public func placeholderWithDefault(
    _ value: HostTensor, shape: Shape, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "PlaceholderWithDefault") { scope in
        let input = try constant(value, name: "input", location: SourceLocation(fileID: file, line: line))
        return try placeholderWithDefault(input, shape: shape, name: scope, file: file, line: line)
    }
}

extension ShapeFunction {
    /// `PlaceholderWithDefault`: the input's dtype, the `shape` attribute's shape, which the
    /// input's shape must be compatible with (TF's check).
    static let placeholderWithDefault = ShapeFunction(inputTypes: ["dtype": 0]) { op in
        let input = try op.input(0)
        let shape = op.attrs["shape"]?.shapeValue ?? .unknown
        guard input.shape.isCompatible(with: shape) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "PlaceholderWithDefault '\(op.opName)': the default value's shape \(input.shape) is not compatible "
                    + "with the placeholder's shape \(shape); pass a shape the default fits (None for any size).",
                names: [op.opName])
        }
        return [OutputSpec(dtype: input.dtype, shape: shape)]
    }
}

extension HostTensor {
    /// This value reshaped to `shape`, or a single element broadcast to fill it
    /// (TF1's `constant(value, shape=…)`; a shorter list repeats its last element).
    ///
    /// - Parameter name: the constant's name, for errors.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative or overflowing shape,
    ///   ``ScopeFlowError/Code/resourceExhausted`` when the filled value would not fit in memory.
    func filling(shape: [Int], for name: String) throws -> HostTensor {
        let count = try ShapeCheck.elementCount(shape, of: name)
        if self.count == count { return try HostTensor(storage: storage, shape: shape) }
        guard self.count >= 1, self.count < count else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Cannot make a constant of shape \(shape) (\(count) elements) from \(self.count) values; "
                    + "give one value or as many values as the shape has elements.")
        }
        try ShapeCheck.allocation(count, of: dtype, shape: shape, for: name)
        let filled = try storage.accept(RepeatingLastElement(count: count))
        return try HostTensor(storage: filled, shape: shape)
    }
}

/// Extends row-major values to `count` elements by repeating the last one.
private struct RepeatingLastElement: StorageVisitor {
    let count: Int

    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage {
        T.storage(values + repeatElement(values[values.count - 1], count: count - values.count))
    }
}
