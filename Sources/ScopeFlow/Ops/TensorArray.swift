/// An array of tensors that exists while a graph runs (TF1's `tf.TensorArray` in graph mode:
/// `TensorArrayV3` and its read, write, gather, scatter, concat and split ops), made for loops:
/// each element is written once and, by default, cleared when read.
///
/// A `TensorArray` is a value: a write returns a new array whose ``flow`` orders that write before
/// the ops that use the new array, as in TF. All copies share the element shape TF infers from
/// the writes.
///
/// ```swift
/// let x = try placeholder(.float32, shape: [4, 3], name: "x")
/// let rows = try TensorArray(dtype: .float32, size: 4).unstack(x)
/// let second = try rows.read(1)        // TensorArrayReadV3:0, shape (3,)
/// let again = try rows.stack()         // TensorArrayStack/TensorArrayGatherV3:0, shape (4, 3)
/// ```
public struct TensorArray: Sendable {
    /// The type of every element.
    public let dtype: DType
    /// The array's resource handle (output 0 of its `TensorArrayV3`).
    public let handle: Tensor
    /// The float scalar that orders the array's ops: each write gives a new one.
    public let flow: Tensor
    /// Whether writes past the end grow the array.
    let dynamicSize: Bool
    /// Whether writes refine the shared element shape (TF's `infer_shape`).
    let inferShape: Bool
    /// The size the array was made with; nil for an array made from a handle.
    let initialSize: TensorArraySize?
    /// The element shape every copy of this array shares.
    let sharedElementShape: LockedValue<Shape>

    /// What is known of every element's shape: `elementShape` refined by the writes so far.
    public var elementShape: Shape { sharedElementShape.withLock { $0 } }

    /// Makes a new array (TF's `tf.TensorArray(dtype, size, …)`): one `TensorArrayV3` named
    /// `TensorArray` (a number `size` becomes its `Const` `TensorArray/size`).
    ///
    /// ```swift
    /// let grow = try TensorArray(dtype: .float32, size: 0, dynamicSize: true)
    /// ```
    ///
    /// - Parameters:
    ///   - dtype: The elements' type.
    ///   - size: How many elements it has (a number, or an int32 scalar tensor).
    ///   - dynamicSize: Whether writes past the end grow it.
    ///   - clearAfterRead: Whether a read frees the element, so that it cannot be read again.
    ///   - tensorArrayName: The resource's name in error messages (the op's name by default).
    ///   - elementShape: What is known of every element's shape.
    ///   - inferShape: Whether all elements have one shape, learnt from the writes.
    ///   - name: The op's name (`TensorArray` by default).
    public init(
        dtype: DType, size: TensorArraySize, dynamicSize: Bool = false, clearAfterRead: Bool = true,
        tensorArrayName: String = "", elementShape: Shape = .unknown, inferShape: Bool = true, name: String? = nil,
        file: String = #fileID, line: Int = #line
    ) throws {
        let location = SourceLocation(fileID: file, line: line)
        let (handle, flow) = try nameScope(name, defaultName: "TensorArray", values: size.tensors) { scope in
            try tensorArrayV3(
                size: size.input, dtype: dtype, elementShape: elementShape, dynamicSize: dynamicSize,
                clearAfterRead: clearAfterRead, identicalElementShapes: inferShape,
                tensorArrayName: tensorArrayName, name: scope, location: location)
        }
        self.init(
            dtype: dtype, handle: handle, flow: flow, dynamicSize: dynamicSize, inferShape: inferShape,
            initialSize: size, sharedElementShape: LockedValue(elementShape))
    }

    /// The array behind an existing `handle`, at `flow` (TF's `tf.TensorArray(dtype, handle=…,
    /// flow=…)`): builds no op, but takes the name scope `TensorArray` as TF does.
    ///
    /// ```swift
    /// let same = try TensorArray(dtype: .float32, handle: rows.handle, flow: rows.flow)
    /// ```
    public init(dtype: DType, handle: Tensor, flow: Tensor, inferShape: Bool = true) throws {
        try Self.takeScope(handle, flow)
        self.init(
            dtype: dtype, handle: handle, flow: flow, dynamicSize: false, inferShape: inferShape, initialSize: nil,
            sharedElementShape: LockedValue(.unknown))
    }

    /// Opens and leaves the name scope `TensorArray`, as TF's constructor does for an array made
    /// from a handle: the op names after it see the name taken.
    private static func takeScope(_ handle: Tensor, _ flow: Tensor) throws {
        try nameScope(nil, defaultName: "TensorArray", values: [handle, flow]) { _ in }
    }

    private init(
        dtype: DType, handle: Tensor, flow: Tensor, dynamicSize: Bool, inferShape: Bool,
        initialSize: TensorArraySize?, sharedElementShape: LockedValue<Shape>
    ) {
        self.dtype = dtype
        self.handle = handle
        self.flow = flow
        self.dynamicSize = dynamicSize
        self.inferShape = inferShape
        self.initialSize = initialSize
        self.sharedElementShape = sharedElementShape
    }

    /// This array at `flow` (TF's `build_ta_with_new_flow`), sharing its element shape.
    func withFlow(_ flow: Tensor) throws -> TensorArray {
        try Self.takeScope(handle, flow)
        return TensorArray(
            dtype: dtype, handle: handle, flow: flow, dynamicSize: dynamicSize, inferShape: inferShape,
            initialSize: initialSize, sharedElementShape: sharedElementShape)
    }

    /// Merges `shape` into the shared element shape (TF's `_check_element_shape`).
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` with TF's message when they conflict.
    func checkElementShape(_ shape: Shape) throws {
        try sharedElementShape.withLock { current in
            guard shape.isCompatible(with: current) else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Inconsistent shapes: saw \(shape) but expected \(current) ; write elements of one shape, or "
                        + "make the TensorArray with inferShape: false.")
            }
            if inferShape, let merged = current.merged(with: shape) { current = merged }
        }
    }

    /// The array's gradient array for the gradient computation `source` (TF's `grad`): a
    /// `TensorArrayGradV3` in name scope `TensorArrayGrad`, its flow an `Identity`
    /// `gradient_flow` of `flow` that runs after it. It shares this array's element shape.
    public func grad(
        source: String, flow: Tensor? = nil, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        let flow = flow ?? self.flow
        return try nameScope(name, defaultName: "TensorArrayGrad", values: [handle]) { _ in
            let (gradHandle, _) = try tensorArrayGradV3(
                handle: handle, flowIn: flow, source: source, name: name,
                location: SourceLocation(fileID: file, line: line))
            let gradFlow = try controlDependencies([gradHandle.op]) {
                try ScopeFlow.identity(flow, name: "gradient_flow", file: file, line: line)
            }
            try Self.takeScope(gradHandle, gradFlow)
            return TensorArray(
                dtype: dtype, handle: gradHandle, flow: gradFlow, dynamicSize: false, inferShape: inferShape,
                initialSize: nil, sharedElementShape: sharedElementShape)
        }
    }

    /// This array at an `Identity` of its flow (TF's `identity`).
    public func identity(file: String = #fileID, line: Int = #line) throws -> TensorArray {
        try withFlow(ScopeFlow.identity(flow, file: file, line: line))
    }
}

/// How many elements a new ``TensorArray`` has: a number (TF's Python `int`) or an int32 scalar tensor.
public enum TensorArraySize: Sendable, ExpressibleByIntegerLiteral {
    /// A number, which becomes a `Const` where TF makes one.
    case count(Int)
    /// A scalar tensor computed elsewhere.
    case tensor(Tensor)

    public init(integerLiteral value: Int) { self = .count(value) }

    /// The size as an op input.
    var input: IndexInput {
        switch self {
        case .count(let count): return .scalar(count)
        case .tensor(let tensor): return .tensor(tensor)
        }
    }

    /// The size's tensor, for name scopes' graph.
    var tensors: [any GraphElement] {
        if case .tensor(let tensor) = self { return [tensor] }
        return []
    }

    /// The size when known at build time (TF's `constant_value`).
    var staticValue: Int? {
        switch self {
        case .count(let count): return count
        case .tensor(let tensor): return staticInts(tensor)?.first
        }
    }
}
